namespace BriWatch.Api.Security;

internal static class BearerToken
{
    /// <summary>The token of an <c>Authorization: Bearer …</c> header; null when there is none.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    public static bool IsApiKey(string token) => token.StartsWith("bw_", StringComparison.Ordinal);
}
