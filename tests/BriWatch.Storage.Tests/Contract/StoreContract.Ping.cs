namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Ping_answers_when_the_store_is_reachable()
    {
        await Stores.Ping.PingAsync(Ct);
    }
}
