using BriWatch.Contracts;
using BriWatch.Storage.Outbox;
using MassTransit.Testing;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>
/// Announcements reach the bus through the outbox relay, after the consumer that recorded them has finished. With no
/// classifier to complete them (and no redelivery within a test), every recorded event is published exactly once, so
/// the relay has caught up when the bus has seen as many as the outbox holds.
/// </summary>
internal static class OutboxDrain
{
    public static async Task WaitAsync(ITestHarness bus, IOutboxStore outbox)
    {
        var ct = TestContext.Current.CancellationToken;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadlines.Event);
        // A cancelled token makes Select return what is there now instead of waiting for the bus to go quiet.
        using var existing = new CancellationTokenSource();
        await existing.CancelAsync();
        while ((await outbox.GetBacklogAsync(ct)).Pending > bus.Published.Select<ArticleDiscovered>(existing.Token).Count())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    /// <summary>Configuration that keeps the relay from publishing an unfinished event twice during a test.</summary>
    public static KeyValuePair<string, string?> NoRedelivery { get; } = new("Outbox:RedeliverAfter", "3650.00:00:00");
}
