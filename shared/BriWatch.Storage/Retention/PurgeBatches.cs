namespace BriWatch.Storage.Retention;

public static class PurgeBatches
{
    /// <summary>
    /// Runs <paramref name="purgeBatch"/> (a store's <c>PurgeExpiredAsync</c> with <paramref name="batchSize"/>) until a
    /// batch comes back short, each batch its own short write so live writes go on in between; returns the total deleted.
    /// </summary>
    public static async Task<long> RunAsync(Func<int, CancellationToken, Task<int>> purgeBatch, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purgeBatch);
        long total = 0;
        int deleted;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            deleted = await purgeBatch(batchSize, cancellationToken);
            total += deleted;
        }
        while (deleted >= batchSize);

        return total;
    }
}
