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

    /// <summary>
    /// Tagged <c>outcome</c>: <c>joined</c> (a near-duplicate's story), <c>started</c> (a story of its own) or
    /// <c>unfingerprinted</c> (too little text to compare; a story of its own). A redelivered article that already has a story is not counted again.
    /// </summary>
    public static readonly Counter<long> StoryAssignments = Meter.CreateCounter<long>("briwatch.classifier.story.assignments", "{article}", "Articles given a story: joined an existing one or started one.");

    public static readonly Histogram<double> ClassifyDuration = Meter.CreateHistogram("briwatch.classifier.duration", "s", "Time to classify one article (text analysis only, without storage).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    /// <summary>Tagged <c>record</c>: <c>article</c> or <c>story_fingerprint</c>. MongoDB's TTL deletions are not counted.</summary>
    public static readonly Counter<long> RecordsPurged = Meter.CreateCounter<long>("briwatch.classifier.records.purged", "{record}", "Records deleted by the retention purge.");

    public static void RecordPurged(string record, long count) => RecordsPurged.Add(count, new KeyValuePair<string, object?>("record", record));

    public static void RecordStoryAssignment(string outcome) => StoryAssignments.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
