namespace BriWatch.Storage.Validation;

internal static class DailyCapRules
{
    public static void Validate(string subscriptionId, string alertKey, int cap)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(alertKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
    }

    /// <summary>The day as stored: ISO 8601, so days compare as text.</summary>
    public static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
