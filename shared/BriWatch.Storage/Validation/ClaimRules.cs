namespace BriWatch.Storage.Validation;

internal static class ClaimRules
{
    public static void Validate(TimeSpan lease, int max)
    {
        // A zero lease would leave claimed rows due, so a second claimer could take them at once.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
    }
}
