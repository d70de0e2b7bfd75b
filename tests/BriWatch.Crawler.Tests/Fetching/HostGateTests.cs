using BriWatch.Crawler.Fetching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Crawler.Tests.Fetching;

public sealed class HostGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lets_one_request_per_host_in_at_a_time_and_spaces_them_by_the_delay()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 5, 8, 0, 0, TimeSpan.Zero));
        var gate = new HostGate(time, Options.Create(new CrawlerOptions { PerHostDelay = TimeSpan.FromSeconds(1) }));

        var first = await gate.EnterAsync("news.example.org", Ct);
        var second = gate.EnterAsync("news.example.org", Ct);
        var otherHost = gate.EnterAsync("other.example.org", Ct);
        Assert.False(second.IsCompleted);
        Assert.True(otherHost.IsCompletedSuccessfully);

        first.Dispose();
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        (await second).Dispose();
        (await otherHost).Dispose();
    }

    [Fact]
    public async Task A_crawl_delay_requested_during_a_turn_stretches_the_pause()
    {
        var time = new FakeTimeProvider();
        var gate = new HostGate(time, Options.Create(new CrawlerOptions { PerHostDelay = TimeSpan.FromSeconds(1) }));

        var first = await gate.EnterAsync("h", Ct);
        first.RequestDelay(TimeSpan.FromSeconds(5));
        first.Dispose();
        var next = gate.EnterAsync("h", Ct);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        (await next).Dispose();
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_block_the_host()
    {
        var time = new FakeTimeProvider();
        var gate = new HostGate(time, Options.Create(new CrawlerOptions { PerHostDelay = TimeSpan.Zero }));
        using var cancel = new CancellationTokenSource();

        var holder = await gate.EnterAsync("h", Ct);
        var waiter = gate.EnterAsync("h", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        holder.Dispose();

        (await gate.EnterAsync("h", Ct)).Dispose();
    }
}
