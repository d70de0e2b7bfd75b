using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BriWatch.Classifier;

/// <summary>Named per the <c>BriWatch.&lt;Service&gt;</c> convention so the shared telemetry setup picks it up.</summary>
public static class ClassifierTelemetry
{
    public const string Name = "BriWatch.Classifier";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Tagged <c>relevant</c> (true/false): the relevance ratio is relevant over all.</summary>
    public static readonly Counter<long> Classified = Meter.CreateCounter<long>("briwatch.classifier.articles", "{article}", "Articles classified, tagged by relevance.");

    public static readonly Histogram<double> ClassifyDuration = Meter.CreateHistogram("briwatch.classifier.duration", "s", "Time to classify one article (text analysis only, without storage).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
}
