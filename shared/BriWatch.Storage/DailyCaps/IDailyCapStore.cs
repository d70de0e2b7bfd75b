namespace BriWatch.Storage.DailyCaps;

/// <summary>
/// Counts a subscription's alerts per local day against its daily cap. Counting is atomic in the store, so
/// dispatchers in several processes can never together let more than the cap through.
/// </summary>
public interface IDailyCapStore
{
    /// <summary>
    /// Counts the alert <paramref name="alertKey"/> toward <paramref name="subscriptionId"/>'s cap on the local day
    /// <paramref name="day"/>. True when it is counted: it was counted before (another channel, a retry) or one of the
    /// <paramref name="cap"/> places was still free; false when the cap is reached.
    /// </summary>
    Task<bool> TryCountAsync(string subscriptionId, DateOnly day, string alertKey, int cap, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets counts made before <paramref name="before"/>; how many were removed.</summary>
    Task<long> PurgeCountedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
