namespace BriWatch.Api.Identity;

/// <summary>Users, API keys and the audit log: who may call the API, and what they changed.</summary>
internal static class IdentityEndpoints
{
    public static RouteGroupBuilder MapIdentityEndpoints(this RouteGroupBuilder api)
    {
        api.MapUserEndpoints();
        api.MapKeyEndpoints();
        api.MapAuditEndpoints();
        return api;
    }
}
