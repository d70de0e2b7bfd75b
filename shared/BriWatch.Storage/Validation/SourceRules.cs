using BriWatch.Storage.Sources;

namespace BriWatch.Storage.Validation;

/// <summary>What every provider refuses to store for a source, so both reject the same inputs the same way.</summary>
internal static class SourceRules
{
    public static void Validate(Source source)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var (value, field) in new[] { (source.Id, "Id"), (source.Name, "Name"), (source.Url, "Url") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"Source {field} is required.", nameof(source));
            }
        }

        if (source.PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Source '{source.Id}' has poll interval {source.PollInterval}; it must be positive.", nameof(source));
        }

        ArgumentNullException.ThrowIfNull(source.Options);
        ArgumentNullException.ThrowIfNull(source.Crawl);
    }

    public static KeyNotFoundException Missing(string id) => new($"Source '{id}' does not exist.");
}
