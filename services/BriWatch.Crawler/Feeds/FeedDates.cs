using System.Globalization;
using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Feeds;

/// <summary>Parses the date forms feeds use (RFC 822 with odd zones, ISO 8601/W3C-DTF, Chinese and Russian month names) into UTC.</summary>
public static partial class FeedDates
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = 1, ["feb"] = 2, ["mar"] = 3, ["apr"] = 4, ["may"] = 5, ["jun"] = 6,
        ["jul"] = 7, ["aug"] = 8, ["sep"] = 9, ["oct"] = 10, ["nov"] = 11, ["dec"] = 12,
        // Russian genitive and nominative stems ("января", "янв", "март").
        ["янв"] = 1, ["фев"] = 2, ["мар"] = 3, ["апр"] = 4, ["мая"] = 5, ["май"] = 5, ["июн"] = 6,
        ["июл"] = 7, ["авг"] = 8, ["сен"] = 9, ["окт"] = 10, ["ноя"] = 11, ["дек"] = 12,
    };

    private static readonly Dictionary<string, int> ZoneMinutes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["Zulu"] = 0,
        ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360,
        ["PST"] = -480, ["PDT"] = -420, ["AST"] = -240, ["ADT"] = -180, ["AKST"] = -540, ["AKDT"] = -480, ["HST"] = -600,
        ["BST"] = 60, ["CET"] = 60, ["CEST"] = 120, ["EET"] = 120, ["EEST"] = 180, ["MSK"] = 180, ["IST"] = 330,
        ["CCT"] = 480, ["HKT"] = 480, ["SGT"] = 480, ["JST"] = 540, ["KST"] = 540, ["AEST"] = 600, ["AEDT"] = 660,
        ["A"] = -60, ["M"] = -720, ["N"] = 60, ["Y"] = 720,
    };

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        return ParseIso(value) ?? ParseRfc822(value) ?? ParseChinese(value) ?? ParseFallback(value);
    }

    private static DateTimeOffset? ParseIso(string value)
    {
        var m = IsoPattern().Match(value);
        if (!m.Success)
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = Group(m, "mo", 1);
        var day = Group(m, "d", 1);
        if (m.Groups["yday"].Success)
        {
            var ordinal = int.Parse(m.Groups["yday"].Value, CultureInfo.InvariantCulture);
            var date = new DateTime(year, 1, 1).AddDays(ordinal - 1);
            month = date.Month;
            day = date.Day;
        }

        var hour = Group(m, "h", 0);
        var minute = Group(m, "mi", 0);
        var second = Group(m, "s", 0);
        var fraction = m.Groups["f"].Success ? double.Parse("0." + m.Groups["f"].Value, CultureInfo.InvariantCulture) : 0;
        var offset = TimeSpan.Zero;
        if (m.Groups["tz"].Success && m.Groups["tz"].Value is { Length: > 0 } tz && !tz.Equals("Z", StringComparison.OrdinalIgnoreCase))
        {
            var sign = tz[0] == '-' ? -1 : 1;
            var digits = tz[1..].Replace(":", string.Empty, StringComparison.Ordinal);
            var hh = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var mm = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
            offset = TimeSpan.FromMinutes(sign * (hh * 60 + mm));
        }

        return Build(year, month, day, hour, minute, second, fraction, offset);
    }

    private static DateTimeOffset? ParseRfc822(string value)
    {
        var m = Rfc822Pattern().Match(value);
        if (!m.Success || !TryMonth(m.Groups["mon"].Value, out var month))
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 100)
        {
            // RFC 822 two-digit years; RFC 2822 says 00-49 means 20xx.
            year += year < 50 ? 2000 : 1900;
        }

        var offset = TimeSpan.Zero;
        var zone = m.Groups["tz"].Value.Trim();
        if (zone.Length > 0)
        {
            if (zone[0] is '+' or '-')
            {
                var digits = zone[1..].Replace(":", string.Empty, StringComparison.Ordinal).PadRight(4, '0');
                var minutes = int.Parse(digits[..2], CultureInfo.InvariantCulture) * 60 + int.Parse(digits[2..4], CultureInfo.InvariantCulture);
                offset = TimeSpan.FromMinutes(zone[0] == '-' ? -minutes : minutes);
            }
            else if (ZoneMinutes.TryGetValue(zone, out var minutes))
            {
                offset = TimeSpan.FromMinutes(minutes);
            }
        }

        return Build(year, month, int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), Group(m, "h", 0), Group(m, "mi", 0), Group(m, "s", 0), 0, offset);
    }

    private static DateTimeOffset? ParseChinese(string value)
    {
        // 2024年3月5日 14:30 — Chinese publishers mean Beijing time when they give no zone.
        var m = ChinesePattern().Match(value);
        if (!m.Success)
        {
            return null;
        }

        return Build(
            int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), Group(m, "mo", 1), Group(m, "d", 1),
            Group(m, "h", 0), Group(m, "mi", 0), Group(m, "s", 0), 0, TimeSpan.FromHours(8));
    }

    private static DateTimeOffset? ParseFallback(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed.ToUniversalTime()
            : null;

    private static bool TryMonth(string name, out int month)
    {
        month = 0;
        return name.Length >= 3 && Months.TryGetValue(name[..3], out month);
    }

    private static int Group(Match m, string name, int fallback) =>
        m.Groups[name].Success && m.Groups[name].Value.Length > 0 ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;

    private static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, double fraction, TimeSpan offset)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 24 || minute > 59 || second > 60 || Math.Abs(offset.TotalHours) > 14)
        {
            return null;
        }

        // 24:00 and leap seconds are legal in the wild; roll them over instead of rejecting the date.
        var extraSeconds = (hour == 24 ? 3600 * 24 : 0) + (second == 60 ? 60 : 0);
        var local = new DateTime(year, month, day, hour % 24, minute, second % 60, DateTimeKind.Unspecified).AddSeconds(extraSeconds + fraction);
        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:-?(?:(?<mo>\d{2})(?:-?(?<d>\d{2}))?|(?<yday>\d{3})))?(?:[T ](?<h>\d{2}):?(?<mi>\d{2})(?::?(?<s>\d{2})(?:[.,](?<f>\d+))?)?)?\s*(?<tz>Z|[+-]\d{2}(?::?\d{2})?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(?:[^\d,\s]+,?\s*)?(?<d>\d{1,2})[\s-]+(?<mon>\p{L}+)\.?[\s-]+(?<y>\d{2,4}),?(?:\s+(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2}))?)?\s*(?<tz>[+-]\d{2}:?\d{0,2}|[A-Za-z]{1,5})?\s*(?:\(.*\))?$")]
    private static partial Regex Rfc822Pattern();

    [GeneratedRegex(@"(?<y>\d{4})\s*年\s*(?<mo>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日(?:\s*(?<h>\d{1,2})[:：](?<mi>\d{2})(?:[:：](?<s>\d{2}))?)?")]
    private static partial Regex ChinesePattern();
}
