using System.Diagnostics.Metrics;
using BriWatch.Contracts;
using BriWatch.Crawler.Consumers;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Crawler.Tests.Consumers;

/// <summary>SourceStale and SourceFetchFailed counted in this host's crawler meter, once per source transition.</summary>
public sealed class SourceHealthConsumerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2025, 9, 17, 12, 0, 0, TimeSpan.Zero);
    private readonly MeterListener meterListener = new();
    private readonly Dictionary<string, long> counted = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<SourceHealthMetrics>();
        services.AddMassTransitTestHarness(x =>
        {
            x.AddConsumer<SourceStaleConsumer, SourceStaleConsumerDefinition>();
            x.AddConsumer<SourceFetchFailedConsumer, SourceFetchFailedConsumerDefinition>();
            x.SetTestTimeouts(testTimeout: Deadlines.Event, testInactivityTimeout: Deadlines.Event);
        });
        provider = services.BuildServiceProvider(validateScopes: true);

        // Only this host's meter: other tests' hosts count into meters of their own.
        var factory = provider.GetRequiredService<IMeterFactory>();
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (gate)
            {
                counted[instrument.Name] = counted.GetValueOrDefault(instrument.Name) + value;
            }
        });
        meterListener.Start();

        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await harness.Stop();
        meterListener.Dispose();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task Counts_a_source_going_stale_once_even_when_the_event_is_delivered_twice()
    {
        var stale = new SourceStale("quiet", At.AddDays(-3), TimeSpan.FromDays(1), At);
        await ConsumeAsync(stale, stale, new SourceStale("silent", null, TimeSpan.FromDays(1), At));

        Assert.Equal(2, Counted("briwatch.crawler.sources.went_stale"));
    }

    [Fact]
    public async Task Counts_a_failure_streak_at_its_first_failure_only()
    {
        var first = new SourceFetchFailed("broken", "http 503", 1, At.AddMinutes(5), At);
        await ConsumeAsync(first, first, new SourceFetchFailed("broken", "http 503", 2, At.AddMinutes(15), At.AddMinutes(5)));

        Assert.Equal(1, Counted("briwatch.crawler.sources.started_failing"));
    }

    private async Task ConsumeAsync<T>(params T[] messages)
        where T : class
    {
        foreach (var message in messages)
        {
            await harness.Bus.Publish(message, Ct);
        }

        // Each consumer reacts to every copy, including the duplicate it does not count.
        var consumed = 0;
        await foreach (var _ in harness.Consumed.SelectAsync<T>(Ct))
        {
            if (++consumed == messages.Length)
            {
                break;
            }
        }

        Assert.Equal(messages.Length, consumed);
    }

    private long Counted(string instrument)
    {
        lock (gate)
        {
            return counted.GetValueOrDefault(instrument);
        }
    }
}
