using System.Globalization;
using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Extraction;

/// <summary>Validates and normalises raw metadata strings; anything unusable becomes null.</summary>
internal static partial class MetadataValues
{
    private static readonly string[] ExtraDateFormats =
    [
        "yyyy-MM-dd HH:mm:ss zzz", "yyyy-MM-dd HH:mm:ss zz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyyMMdd", "yyyy/MM/dd HH:mm", "yyyy/MM/dd", "dd.MM.yyyy HH:mm", "dd.MM.yyyy",
    ];

    public static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

        // "+0400" is common in meta tags but is not an offset .NET parses; make it "+04:00".
        var withColon = OffsetWithoutColon().Replace(text, "$1:$2");
        if (DateTimeOffset.TryParseExact(withColon, ExtraDateFormats, CultureInfo.InvariantCulture, styles, out var exact)
            || DateTimeOffset.TryParse(withColon, CultureInfo.InvariantCulture, styles, out exact))
        {
            return exact.Year is >= 1900 and <= 2200 ? exact.ToUniversalTime() : null;
        }

        return null;
    }

    public static string? NormalizeLanguage(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // og:locale writes "en_US"; Content-Language may list several ("en, fr"): the first is the page's.
        var tag = value.Split(',', ';')[0].Trim().Replace('_', '-');
        if (!LanguageTag().IsMatch(tag))
        {
            return null;
        }

        var parts = tag.Split('-');
        parts[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].Length switch
            {
                2 => parts[i].ToUpperInvariant(),
                4 => char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant(),
                _ => parts[i].ToLowerInvariant(),
            };
        }

        return string.Join('-', parts);
    }

    /// <summary>Resolves a possibly relative link against the page; only absolute http(s) URLs are kept.</summary>
    public static Uri? ResolveUrl(string? value, Uri? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        Uri? resolved = null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            resolved = absolute;
        }
        else if (baseUrl is not null && !text.Contains("://", StringComparison.Ordinal)
            && Uri.TryCreate(baseUrl, text, out var relative))
        {
            resolved = relative;
        }

        return resolved is not null && (resolved.Scheme == Uri.UriSchemeHttp || resolved.Scheme == Uri.UriSchemeHttps)
            ? resolved
            : null;
    }

    public static string? CleanText(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = PlainText.CollapseWhitespace(value);
        return text.Length == 0 ? null : text;
    }

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex OffsetWithoutColon();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}
