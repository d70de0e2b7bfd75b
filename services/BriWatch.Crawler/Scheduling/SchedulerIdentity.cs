namespace BriWatch.Crawler.Scheduling;

/// <summary>This replica's name in the scheduler lease: unique per process, readable in the store when debugging.</summary>
public sealed class SchedulerIdentity
{
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
