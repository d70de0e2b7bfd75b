using System.Globalization;
using System.Text;

namespace BriWatch.Classifier.Terms;

/// <summary>
/// One-char-to-one-char normalisation (case folding, diacritic stripping, typographic variants) so that
/// offsets in the folded text are offsets in the original: evidence and entities point at the source text
/// without a second mapping, and the hot path needs no normalised copy of the article.
/// </summary>
internal static class TextFolding
{
    private static readonly char[] Table = BuildTable();

    public static char Fold(char c) => Table[c];

    public static string Fold(string value)
    {
        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = Table[source[i]];
            }
        });
    }

    /// <summary>Letters and digits of scripts that separate words with spaces; CJK is excluded because it does not.</summary>
    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) && !IsUnspacedScript(c);

    public static bool IsUnspacedScript(char c) =>
        c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\u0E00' and <= '\u0E7F');

    private static char[] BuildTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            table[i] = FoldSlow((char)i);
        }

        return table;
    }

    private static char FoldSlow(char c)
    {
        switch (c)
        {
            case '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '`' or '\u00B4':
                return '\'';
            case '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB':
                return '"';
            case >= '\u2010' and <= '\u2015' or '\u2212':
                return '-';
            case '\u00A0' or '\u202F' or '\u3000' or '\t' or '\n' or '\r' or (>= '\u2000' and <= '\u200A'):
                return ' ';
            case >= '\uFF01' and <= '\uFF5E':
                return FoldSlow((char)(c - 0xFEE0));
        }

        if (char.IsSurrogate(c) || char.IsControl(c))
        {
            return c;
        }

        var lower = char.ToLowerInvariant(c);
        if (lower < '\u00C0' || IsUnspacedScript(lower) || CharUnicodeInfo.GetUnicodeCategory(lower) is UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse)
        {
            return lower;
        }

        // Strip a diacritic when the letter decomposes into a base letter plus combining marks (é→e, ё→е, أ→ا).
        var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        if (decomposed.Length > 1 && char.IsLetter(decomposed[0]))
        {
            for (var i = 1; i < decomposed.Length; i++)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(decomposed[i]) != UnicodeCategory.NonSpacingMark)
                {
                    return lower;
                }
            }

            return decomposed[0];
        }

        return lower;
    }
}
