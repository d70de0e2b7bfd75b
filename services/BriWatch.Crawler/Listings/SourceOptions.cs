using System.Globalization;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>Reads kind-specific settings from <c>Source.Options</c>; keys match case-insensitively because operators type them.</summary>
internal static class SourceOptions
{
    public static string? Text(IReadOnlyDictionary<string, string>? options, string key)
    {
        if (options is null)
        {
            return null;
        }

        var value = options.TryGetValue(key, out var exact)
            ? exact
            : options.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <exception cref="FeedParseException">The value is not a whole number within the bounds.</exception>
    public static int Number(IReadOnlyDictionary<string, string>? options, string key, int fallback, int min, int max)
    {
        var text = Text(options, key);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FeedParseException($"invalid source option {key} '{text}': expected a whole number from {min} to {max}");
    }
}
