using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BriWatch.Crawler;

/// <summary>
/// The crawler's ActivitySource and Meter; each source poll starts a trace here that the rest of the pipeline joins.
/// Tags stay low-cardinality (outcomes and error kinds, never source ids or URLs) so the series count stays bounded.
/// </summary>
public static class CrawlerTelemetry
{
    public const string Name = "BriWatch.Crawler";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Tagged <c>outcome</c>: <c>ok</c>, <c>not_modified</c>, or the error kind (see <see cref="FetchOutcomes"/>).</summary>
    public static readonly Counter<long> Fetches = Meter.CreateCounter<long>("briwatch.crawler.fetches", "{fetch}", "Source polls by outcome.");

    public static readonly Counter<long> ItemsDiscovered = Meter.CreateCounter<long>("briwatch.crawler.items.discovered", "{item}", "New items announced as ArticleDiscovered.");

    public static readonly Histogram<double> PollLag = Meter.CreateHistogram("briwatch.crawler.poll.lag", "s", "How late a poll ran: from its due time to the fetch.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200] });

    public static void RecordFetch(string outcome) => Fetches.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
