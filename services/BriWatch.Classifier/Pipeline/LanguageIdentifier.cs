namespace BriWatch.Classifier.Pipeline;

/// <summary>
/// Script counts decide non-Latin languages; stopword counts (gathered by the same matcher pass as the terms) decide
/// among Latin ones. Written here rather than using Lingua because Lingua costs ~4 s and 260 MB to load and manages
/// ~1,600 detections/s, far below the 10,000 classifications/s target, while the taxonomy only needs these eight languages.
/// </summary>
internal static class LanguageIdentifier
{
    private const int SampleLength = 3000;
    private const int MinStopwords = 3;

    public static string Identify(string title, string text, int[] stopwordCounts, string[] languages, string? hint)
    {
        int han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, latin = 0;
        Count(title, ref han, ref kana, ref hangul, ref cyrillic, ref arabic, ref latin);
        Count(text.AsSpan(0, Math.Min(text.Length, SampleLength)), ref han, ref kana, ref hangul, ref cyrillic, ref arabic, ref latin);

        var letters = han + kana + hangul + cyrillic + arabic + latin;
        if (letters == 0)
        {
            return NormaliseHint(hint);
        }

        // Han characters carry a word each, Latin letters about a fifth of one: compare in words, not characters.
        var max = Math.Max(Math.Max(han * 5, kana * 5), Math.Max(Math.Max(hangul * 3, cyrillic), Math.Max(arabic, latin)));
        if (max == han * 5 || max == kana * 5)
        {
            return kana * 10 > han ? "ja" : "zh";
        }

        if (max == hangul * 3)
        {
            return "ko";
        }

        if (max == cyrillic)
        {
            return "ru";
        }

        if (max == arabic)
        {
            return "ar";
        }

        int best = -1, second = 0;
        for (var i = 0; i < languages.Length; i++)
        {
            if (stopwordCounts[i] > 0 && (best < 0 || stopwordCounts[i] > stopwordCounts[best]))
            {
                second = best < 0 ? second : Math.Max(second, stopwordCounts[best]);
                best = i;
            }
            else
            {
                second = Math.Max(second, stopwordCounts[i]);
            }
        }

        // Decisive when there are enough stopwords, or (in a short text) when one language clearly leads.
        var decisive = best >= 0 && (stopwordCounts[best] >= MinStopwords || stopwordCounts[best] > second);
        return decisive ? languages[best] : NormaliseHint(hint);
    }

    private static string NormaliseHint(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return "und";
        }

        var dash = hint.IndexOfAny(['-', '_']);
        return (dash > 0 ? hint[..dash] : hint).Trim().ToLowerInvariant();
    }

    private static void Count(ReadOnlySpan<char> span, ref int han, ref int kana, ref int hangul, ref int cyrillic, ref int arabic, ref int latin)
    {
        foreach (var c in span)
        {
            if (c < 0x80)
            {
                if (char.IsAsciiLetter(c))
                {
                    latin++;
                }
            }
            else if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF')
            {
                han++;
            }
            else if (c is >= '\u3040' and <= '\u30FF')
            {
                kana++;
            }
            else if (c is >= '\uAC00' and <= '\uD7AF')
            {
                hangul++;
            }
            else if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (c is >= '\u0600' and <= '\u06FF')
            {
                arabic++;
            }
            else if (char.IsLetter(c) && c < '\u0250')
            {
                latin++;
            }
        }
    }
}
