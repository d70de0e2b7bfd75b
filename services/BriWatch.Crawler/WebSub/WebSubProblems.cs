using BriWatch.Storage.WebSub;

namespace BriWatch.Crawler.WebSub;

/// <summary>
/// Records WebSub failures on the source's subscription, where operators read them (the API's <c>webSub.lastError</c>):
/// they happen off the poll, so a log line alone would be the only trace.
/// </summary>
internal static class WebSubProblems
{
    /// <summary>Longest message stored; a hub's refusal or a parser's error is readable well within it.</summary>
    internal const int MaxLength = 1000;

    /// <summary>
    /// Best effort: a store failure is logged and swallowed, so it never changes the answer a hub gets or stops the other
    /// renewals of a run; cancellation still propagates.
    /// </summary>
    public static async Task RecordAsync(this IWebSubSubscriptionStore store, string sourceId, string error, DateTimeOffset at, ILogger logger, CancellationToken cancellationToken)
    {
        var message = error.Length > MaxLength ? error[..MaxLength] + "…" : error;
        try
        {
            await store.RecordProblemAsync(sourceId, message, at, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            logger.LogError(ex, "Source {SourceId}: the WebSub problem could not be recorded: {Error}", sourceId, message);
        }
    }

    /// <summary>Best effort, like <see cref="RecordAsync"/>: something worked, so the last problem no longer describes the subscription.</summary>
    public static async Task ClearAsync(this IWebSubSubscriptionStore store, string sourceId, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await store.ClearProblemAsync(sourceId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            logger.LogError(ex, "Source {SourceId}: the WebSub problem could not be cleared", sourceId);
        }
    }
}
