namespace BriWatch.Storage.Leases;

/// <summary>Named leases that elect one holder among replicas (e.g. the crawler's scheduler).</summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/> until <c>now + duration</c>.
    /// True when <paramref name="holder"/> holds it afterwards: it was free, expired, or already theirs.
    /// </summary>
    Task<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up early if <paramref name="holder"/> holds it.</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken);
}
