using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Lease_is_acquired_when_free_and_refused_to_others_while_held()
    {
        Assert.True(await Stores.Leases.TryAcquireAsync("scheduler", "pod-a", T0, LeaseDuration, Ct));

        Assert.False(await Stores.Leases.TryAcquireAsync("scheduler", "pod-b", T0.AddSeconds(29), LeaseDuration, Ct));
        Assert.True(await Stores.Leases.TryAcquireAsync("other-lease", "pod-b", T0, LeaseDuration, Ct));
    }

    [Fact]
    public async Task Lease_renewal_by_its_holder_extends_it()
    {
        await Stores.Leases.TryAcquireAsync("scheduler", "pod-a", T0, LeaseDuration, Ct);

        Assert.True(await Stores.Leases.TryAcquireAsync("scheduler", "pod-a", T0.AddSeconds(20), LeaseDuration, Ct));

        Assert.False(await Stores.Leases.TryAcquireAsync("scheduler", "pod-b", T0.AddSeconds(40), LeaseDuration, Ct));
        Assert.True(await Stores.Leases.TryAcquireAsync("scheduler", "pod-b", T0.AddSeconds(50), LeaseDuration, Ct));
    }

    [Fact]
    public async Task Lease_is_taken_over_once_expired_and_the_old_holder_loses_it()
    {
        await Stores.Leases.TryAcquireAsync("scheduler", "pod-a", T0, LeaseDuration, Ct);

        Assert.True(await Stores.Leases.TryAcquireAsync("scheduler", "pod-b", T0.AddSeconds(30), LeaseDuration, Ct));

        Assert.False(await Stores.Leases.TryAcquireAsync("scheduler", "pod-a", T0.AddSeconds(31), LeaseDuration, Ct));
    }

    [Fact]
    public async Task Lease_release_frees_it_only_for_its_holder()
    {
        await Stores.Leases.TryAcquireAsync("scheduler", "pod-a", T0, LeaseDuration, Ct);

        await Stores.Leases.ReleaseAsync("scheduler", "pod-b", Ct);
        Assert.False(await Stores.Leases.TryAcquireAsync("scheduler", "pod-b", T0.AddSeconds(1), LeaseDuration, Ct));

        await Stores.Leases.ReleaseAsync("scheduler", "pod-a", Ct);
        Assert.True(await Stores.Leases.TryAcquireAsync("scheduler", "pod-b", T0.AddSeconds(1), LeaseDuration, Ct));
    }

    [Fact]
    public async Task Lease_contended_by_many_replicas_goes_to_exactly_one()
    {
        var replicas = Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => Stores.Leases.TryAcquireAsync("scheduler", $"pod-{i}", T0, LeaseDuration, Ct), Ct));

        var acquired = await Task.WhenAll(replicas);

        Assert.Single(acquired, a => a);
    }
}
