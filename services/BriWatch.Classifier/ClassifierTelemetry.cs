using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BriWatch.Classifier;

/// <summary>Named per the <c>BriWatch.&lt;Service&gt;</c> convention so the shared telemetry setup picks it up.</summary>
public static class ClassifierTelemetry
{
    public const string Name = "BriWatch.Classifier";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Classified = Meter.CreateCounter<long>("briwatch.classifier.articles", description: "Articles classified, tagged by relevance.");
}
