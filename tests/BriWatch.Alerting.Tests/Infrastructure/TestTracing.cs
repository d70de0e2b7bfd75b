using System.Diagnostics;
using BriWatch.Alerting.Alerts;

namespace BriWatch.Alerting.Tests.Infrastructure;

/// <summary>Samples alerting's activities, as OpenTelemetry does in the services, so trace context exists in tests.</summary>
internal static class TestTracing
{
    private static readonly ActivityListener Listener = new()
    {
        ShouldListenTo = source => source.Name == AlertingTelemetry.SourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    private static int started;

    public static void EnsureListening()
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            ActivitySource.AddActivityListener(Listener);
        }
    }
}
