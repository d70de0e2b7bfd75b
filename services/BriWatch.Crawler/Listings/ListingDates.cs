using System.Globalization;
using System.Text.RegularExpressions;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Listings;

/// <summary>
/// Reads the dates announcement lists print: 2026-11-23, 2026/11/23, 23.11.2026, 23/11/2026 (day first), "November 23, 2026",
/// "23 November 2026", 2026年11月23日, "23 ноября 2026 г.", "23 de novembro de 2026" and "23 de noviembre de 2026".
/// Dates without a zone are taken as UTC, except Chinese ones, which <see cref="FeedDates"/> reads as Beijing time.
/// </summary>
public static partial class ListingDates
{
    // An optional time after the date: "2026-11-23 14:30", "2026-11-23T14:30:05", "November 23, 2026, 9:00".
    private const string Time = @"(?:(?:T|,?\s+)(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2}))?)?";

    private static readonly Dictionary<string, int> Months = BuildMonths();

    /// <summary>Reads <paramref name="text"/> as a date: an exact ISO 8601 or RFC 822 value, else the first date written in it.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        // FeedDates reads ISO 8601 and RFC 822 with their times and zones, but its invariant-culture fallback reads
        // 01/02/2026 month first, while the listings we read write the day first.
        if (!DayFirstNumeric().IsMatch(value) && FeedDates.Parse(value) is { } exact)
        {
            return exact;
        }

        return Find(value);
    }

    /// <summary>The first date written anywhere in <paramref name="text"/>, e.g. in "Published: 23.11.2026 | Views: 120".</summary>
    public static DateTimeOffset? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (ChineseDate().Match(text) is { Success: true } chinese)
        {
            return FeedDates.Parse(chinese.Value);
        }

        foreach (var pattern in Patterns)
        {
            foreach (Match m in pattern.Matches(text))
            {
                if (FromMatch(m) is { } date)
                {
                    return date;
                }
            }
        }

        return null;
    }

    private static IEnumerable<Regex> Patterns => [YearFirstNumeric(), DayFirstNumeric(), DayMonthYear(), MonthDayYear()];

    private static DateTimeOffset? FromMatch(Match m)
    {
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        int month;
        if (m.Groups["mon"].Success)
        {
            if (!Months.TryGetValue(m.Groups["mon"].Value.TrimEnd('.'), out month))
            {
                return null;
            }
        }
        else
        {
            month = int.Parse(m.Groups["mo"].Value, CultureInfo.InvariantCulture);
            if (month > 12 && day <= 12 && !m.Groups["yfirst"].Success)
            {
                // 11/23/2026 can only be month first.
                (month, day) = (day, month);
            }
        }

        var hour = m.Groups["h"].Success ? int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minute = m.Groups["mi"].Success ? int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture) : 0;
        var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (year is < 1900 or > 2999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
    }

    private static Dictionary<string, int> BuildMonths()
    {
        // Full names and the abbreviations in use; whole words only, so "Marathon 5, 2026" is not a date.
        string[][] names =
        [
            ["january", "jan", "январь", "января", "янв", "janeiro", "jan", "enero", "ene"],
            ["february", "feb", "февраль", "февраля", "фев", "fevereiro", "fev", "febrero"],
            ["march", "mar", "март", "марта", "мар", "março", "marco", "marzo"],
            ["april", "apr", "апрель", "апреля", "апр", "abril", "abr"],
            ["may", "май", "мая", "maio", "mai", "mayo"],
            ["june", "jun", "июнь", "июня", "июн", "junho", "junio"],
            ["july", "jul", "июль", "июля", "июл", "julho", "julio"],
            ["august", "aug", "август", "августа", "авг", "agosto", "ago"],
            ["september", "sep", "sept", "сентябрь", "сентября", "сен", "сент", "setembro", "set", "septiembre", "setiembre"],
            ["october", "oct", "октябрь", "октября", "окт", "outubro", "out", "octubre"],
            ["november", "nov", "ноябрь", "ноября", "ноя", "нояб", "novembro", "noviembre"],
            ["december", "dec", "декабрь", "декабря", "дек", "dezembro", "dez", "diciembre", "dic"],
        ];
        var months = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var name in names[i])
            {
                months[name] = i + 1;
            }
        }

        return months;
    }

    [GeneratedRegex(@"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?")]
    private static partial Regex ChineseDate();

    [GeneratedRegex(@"(?<!\d)(?<yfirst>(?<y>\d{4}))([-/.])(?<mo>\d{1,2})\1(?<d>\d{1,2})(?!\d)" + Time)]
    private static partial Regex YearFirstNumeric();

    [GeneratedRegex(@"(?<!\d)(?<d>\d{1,2})([./-])(?<mo>\d{1,2})\1(?<y>\d{4})(?!\d)" + Time)]
    private static partial Regex DayFirstNumeric();

    [GeneratedRegex(@"(?<!\d)(?<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?<mon>\p{L}{3,10}\.?),?\s+(?:de\s+)?(?<y>\d{4})(?!\d)" + Time, RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"(?<!\p{L})(?<mon>\p{L}{3,10}\.?)\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})(?!\d)" + Time, RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();
}
