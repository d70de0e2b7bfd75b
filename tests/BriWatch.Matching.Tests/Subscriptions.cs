using BriWatch.Storage.Subscriptions;

namespace BriWatch.Matching.Tests;

internal static class Subscriptions
{
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    /// <summary>An instant subscription to relevant articles; topic energy_new and minimum score 0.5 unless given.</summary>
    public static Subscription Of(string id, string[]? topics = null, string[]? countries = null, double minScore = 0.5) => new()
    {
        Id = id,
        Owner = "owner-1",
        Name = "Name of " + id,
        Topics = topics ?? ["energy_new"],
        Countries = countries ?? [],
        MinScore = minScore,
        CreatedAt = Created,
        UpdatedAt = Created,
    };
}
