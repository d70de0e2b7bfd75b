using System.Diagnostics.Metrics;

namespace BriWatch.Api;

/// <summary>
/// The API's Meter, named per the <c>BriWatch.&lt;Service&gt;</c> convention so the shared telemetry setup picks it up.
/// Request counts and durations come from the ASP.NET Core instrumentation; this meter adds what an operator acts on.
/// </summary>
public static class ApiTelemetry
{
    public const string Name = "BriWatch.Api";

    private static readonly Meter Meter = new(Name);

    /// <summary>Tagged <c>result</c>: <c>replayed</c>, <c>still_pending</c> or <c>not_found</c>.</summary>
    public static readonly Counter<long> Replays = Meter.CreateCounter<long>("briwatch.api.replays", "{request}", "Delivery replay requests by result.");
}
