namespace BriWatch.Storage.Identity;

/// <summary>The scopes' names as users, the stores and (later) the API write them: <c>read</c>, <c>subscriptions</c>, <c>admin</c>.</summary>
public static class ApiKeyScopeNames
{
    public const string Read = "read";
    public const string Subscriptions = "subscriptions";
    public const string Admin = "admin";

    private static readonly (string Name, ApiKeyScopes Scope)[] Known =
    [
        (Read, ApiKeyScopes.Read),
        (Subscriptions, ApiKeyScopes.Subscriptions),
        (Admin, ApiKeyScopes.Admin),
    ];

    public static IReadOnlyList<string> All { get; } = [.. Known.Select(k => k.Name)];

    /// <summary>The names of the scopes in <paramref name="scopes"/>, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Format(ApiKeyScopes scopes) => [.. Known.Where(k => scopes.HasFlag(k.Scope)).Select(k => k.Name)];

    /// <summary>The scopes named; false (and the first unknown name) when one is not a scope name.</summary>
    public static bool TryParse(IEnumerable<string> names, out ApiKeyScopes scopes, out string? unknown)
    {
        ArgumentNullException.ThrowIfNull(names);
        scopes = ApiKeyScopes.None;
        unknown = null;
        foreach (var name in names)
        {
            var match = Array.FindIndex(Known, k => k.Name == name);
            if (match < 0)
            {
                unknown = name;
                return false;
            }

            scopes |= Known[match].Scope;
        }

        return true;
    }

    /// <summary>As <see cref="TryParse"/>, for stored values: an unknown name means the data is damaged.</summary>
    internal static ApiKeyScopes ParseStored(IEnumerable<string> names, string field) =>
        TryParse(names, out var scopes, out var unknown)
            ? scopes
            : throw new InvalidDataException($"Field '{field}' holds '{unknown}', which is not an API key scope.");
}
