namespace BriWatch.Matching.Indexing;

/// <summary>
/// The subscriptions under one index key, sorted by the lowest article score each can match (its minimum score,
/// or its query's score bound if higher). The scores sit in an array of their own: one binary search per article
/// finds the reachable prefix, so the entries scanned need not carry them.
/// </summary>
internal sealed class PostingList(double[] lowestScores, PostingEntry[] entries)
{
    /// <summary>The entries whose lowest score is not above <paramref name="score"/> (all of them when it is NaN).</summary>
    public ReadOnlySpan<PostingEntry> Reachable(double score)
    {
        // Sorted ascending (a NaN bound first), "bound > score" is false up to some point and true after it.
        int low = 0, high = lowestScores.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (lowestScores[middle] > score)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return entries.AsSpan(0, low);
    }
}
