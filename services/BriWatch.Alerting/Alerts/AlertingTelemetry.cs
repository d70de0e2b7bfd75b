using System.Diagnostics;

namespace BriWatch.Alerting.Alerts;

/// <summary>The alerting service's ActivitySource; ServiceDefaults listens to every <c>BriWatch.*</c> source.</summary>
public static class AlertingTelemetry
{
    public const string SourceName = "BriWatch.Alerting";

    public static readonly ActivitySource Source = new(SourceName);
}
