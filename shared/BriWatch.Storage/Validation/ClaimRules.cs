namespace BriWatch.Storage.Validation;

internal static class ClaimRules
{
    public static void Validate(TimeSpan lease, int max)
    {
        // A zero lease would leave claimed rows due, so a second claimer could take them at once.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
    }

    public static void Validate(TimeSpan lease)
    {
        // A claim that expires as it is made would let a second crawl take the source at once.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
    }

    public static string NewToken() => Guid.NewGuid().ToString("N");
}
