namespace BriWatch.Crawler.Scheduling;

/// <summary>This replica's name as holder of the scheduler lease and of crawl claims: unique per process, readable in the store when debugging.</summary>
public sealed class ReplicaIdentity
{
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
