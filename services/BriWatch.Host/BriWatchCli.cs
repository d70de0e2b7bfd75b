namespace BriWatch.Host;

internal static class BriWatchCli
{
    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        return Task.FromResult(0);
    }
}
