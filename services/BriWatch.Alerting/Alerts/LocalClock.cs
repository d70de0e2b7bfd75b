namespace BriWatch.Alerting.Alerts;

/// <summary>Wall-clock arithmetic in a subscriber's time zone (IANA ids such as <c>Europe/Berlin</c>).</summary>
public static class LocalClock
{
    /// <exception cref="TimeZoneNotFoundException">The id names no time zone; stores refuse such subscriptions.</exception>
    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    /// <summary>The wall-clock time in <paramref name="zone"/> at <paramref name="instant"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>
    /// The instant a local wall-clock time names. A time a spring-forward change skips moves forward by the gap
    /// (02:30 on a day that jumps from 02:00 to 03:00 becomes 03:30); a time a fall-back change repeats maps to its
    /// first occurrence, so whatever is scheduled then happens once.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // Read with the offset in force before the gap, the skipped time lands after the change, shifted by the gap.
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }
}
