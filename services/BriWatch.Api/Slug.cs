using System.Globalization;
using System.Text;

namespace BriWatch.Api;

internal static class Slug
{
    /// <summary>A readable id from a name ("China Daily – World" → "china-daily-world"), with a random suffix when nothing readable is left.</summary>
    public static string From(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > 48)
        {
            slug = slug[..48].Trim('-');
        }

        return slug.Length >= 2 ? slug : "s-" + Guid.NewGuid().ToString("N")[..8];
    }
}
