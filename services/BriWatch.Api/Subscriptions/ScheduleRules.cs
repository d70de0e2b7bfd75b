using System.Globalization;

namespace BriWatch.Api.Subscriptions;

/// <summary>Validation and parsing of a subscription's schedule fields: time zone, digest time and day, quiet hours, daily cap.</summary>
internal static class ScheduleRules
{
    private const string TimeFormat = "HH:mm";

    public static void Validate(Validation validation, string? timeZone, string? digestTime, string? digestDay, QuietHoursRequest? quietHours, int? dailyCap)
    {
        // Only IANA ids: Windows ids resolve on some hosts and not others.
        if (timeZone is not null && (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId))
        {
            validation.Add("timeZone", $"'{timeZone}' is not a known IANA time zone id such as Europe/Berlin or America/Sao_Paulo.");
        }

        if (digestTime is not null && ParseTime(digestTime) is null)
        {
            validation.Add("digestTime", $"digestTime must be a local time of day as HH:mm, such as 08:00 (got '{digestTime}').");
        }

        if (digestDay is not null && ParseDay(digestDay) is null)
        {
            validation.Add("digestDay", $"digestDay must be a day of the week such as monday (got '{digestDay}').");
        }

        if (quietHours is not null)
        {
            var start = ParseTime(quietHours.Start);
            var end = ParseTime(quietHours.End);
            if (start is null)
            {
                validation.Add("quietHours.start", $"quietHours.start must be a local time of day as HH:mm, such as 22:00 (got '{quietHours.Start}').");
            }

            if (end is null)
            {
                validation.Add("quietHours.end", $"quietHours.end must be a local time of day as HH:mm, such as 07:00 (got '{quietHours.End}').");
            }
            else if (start == end)
            {
                validation.Add("quietHours.end", "quietHours.end must differ from quietHours.start.");
            }
        }

        if (dailyCap is < 1)
        {
            validation.Add("dailyCap", $"dailyCap must be at least 1, or omitted for no cap (got {dailyCap}).");
        }
    }

    public static TimeOnly? ParseTime(string? value) =>
        TimeOnly.TryParseExact(value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    public static DayOfWeek? ParseDay(string value) =>
        Enum.TryParse<DayOfWeek>(value, ignoreCase: true, out var day) && Enum.IsDefined(day) && !value.Any(char.IsDigit) ? day : null;

    public static string Format(TimeOnly time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
