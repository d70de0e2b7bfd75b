using BriWatch.Contracts;
using BriWatch.Crawler.Consumers;
using MassTransit.Testing;

namespace BriWatch.Crawler.Tests.Support;

internal static class ConsumedWait
{
    /// <summary>
    /// Waits until the consumer has handled the poll of <paramref name="sourceId"/> due at <paramref name="dueAt"/>.
    /// Polled against the generous test deadline instead of awaiting <c>Consumed.Any</c>: that gives up after the
    /// harness's inactivity window (about a second), which a busy CI machine outlasts before the consumer starts.
    /// </summary>
    public static async Task CrawlSourceAsync(ITestHarness harness, string sourceId, DateTimeOffset dueAt)
    {
        var consumer = harness.GetConsumerHarness<CrawlSourceConsumer>();
        var ct = TestContext.Current.CancellationToken;
        using var deadline = new CancellationTokenSource(Deadlines.Event);
        // A cancelled token makes Select return what is there now instead of waiting for the bus to go quiet.
        using var existing = new CancellationTokenSource();
        await existing.CancelAsync();
        while (!consumer.Consumed.Select<CrawlSource>(existing.Token).Any(m => m.Context.Message.SourceId == sourceId && m.Context.Message.DueAt == dueAt))
        {
            Assert.False(deadline.IsCancellationRequested, $"CrawlSource({sourceId}, {dueAt:O}) was not consumed within {Deadlines.Event}");
            await Task.Delay(50, ct);
        }
    }
}
