namespace BriWatch.Storage.Validation;

/// <summary>Checks for the string keys the discovery, lease and story stores are addressed by.</summary>
internal static class KeyRules
{
    /// <summary>Rejects a null collection or a blank key; returns the distinct keys.</summary>
    public static IReadOnlyList<string> Distinct(IReadOnlyCollection<string> keys, string parameter)
    {
        ArgumentNullException.ThrowIfNull(keys, parameter);
        if (keys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Keys must not be null or blank.", parameter);
        }

        return [.. keys.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>As <see cref="Distinct"/>, and there must be at least one key.</summary>
    public static IReadOnlyList<string> NonEmpty(IReadOnlyCollection<string> keys, string parameter)
    {
        var distinct = Distinct(keys, parameter);
        return distinct.Count > 0 ? distinct : throw new ArgumentException("At least one key is required.", parameter);
    }
}
