using System.Diagnostics;
using System.Diagnostics.Metrics;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Alerting.Alerts;

/// <summary>
/// The alerting service's ActivitySource and Meter; ServiceDefaults listens to every <c>BriWatch.*</c> source and meter.
/// Tags are channels, outcomes and modes only, never subscription or delivery ids.
/// </summary>
public static class AlertingTelemetry
{
    public const string SourceName = "BriWatch.Alerting";

    public static readonly ActivitySource Source = new(SourceName);

    internal static readonly Meter Meter = new(SourceName);

    /// <summary>Tagged <c>mode</c>: <c>instant</c> or <c>digest</c>.</summary>
    public static readonly Counter<long> Matches = Meter.CreateCounter<long>("briwatch.alerting.matches", "{match}", "Subscriptions a classified article matched.");

    /// <summary>Tagged <c>outcome</c> (<c>delivered</c>, <c>retry</c>, <c>failed</c>, <c>dead</c>) and <c>channel</c>.</summary>
    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("briwatch.alerting.deliveries", "{attempt}", "Delivery attempts by outcome and channel.");

    public static readonly Histogram<double> SendDuration = Meter.CreateHistogram(
        "briwatch.alerting.send.duration", "s", "Time one webhook or email send took, by channel.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static readonly Histogram<double> DiscoveredToDelivered = Meter.CreateHistogram(
        "briwatch.alerting.discovered_to_delivered", "s", "From the crawler discovering an article to its alert being delivered, by channel.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400] });

    /// <summary>Tagged <c>record</c>: <c>delivery</c>. MongoDB's TTL deletions are not counted.</summary>
    public static readonly Counter<long> RecordsPurged = Meter.CreateCounter<long>("briwatch.alerting.records.purged", "{record}", "Records deleted by the retention purge.");

    public static void RecordPurged(string record, long count) => RecordsPurged.Add(count, new KeyValuePair<string, object?>("record", record));

    public static KeyValuePair<string, object?> Channel(string channel) => new("channel", channel);

    public static void RecordAttempt(DeliveryState state, string channel) => Deliveries.Add(1, new("outcome", OutcomeOf(state)), Channel(channel));

    /// <summary>The attempt's outcome: a pending state after an attempt means another one is scheduled.</summary>
    public static string OutcomeOf(DeliveryState state) => state switch
    {
        DeliveryState.Delivered => "delivered",
        DeliveryState.Pending => "retry",
        DeliveryState.Failed => "failed",
        _ => "dead",
    };
}
