namespace BriWatch.Host.Tests.Support;

internal static class Eventually
{
    /// <summary>
    /// Polls <paramref name="condition"/> until it holds, every <paramref name="interval"/> (100 ms unless given); fails with
    /// <paramref name="what"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100), cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }
        }
    }
}
