using System.Globalization;
using BriWatch.Classifier.Matching;
using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>
/// Reads the number and scale next to a matched currency, in the forms the sources use: "$7.1 billion", "US$ 7 miliar",
/// "Rp25 triliun", "R$ 5,5 bilhões", "50.6 billion yuan", "1,2 млрд рублей", "71亿美元", "Rs 5,000-crore", "₹2 lakh crore".
/// A number that runs straight into something that is not a scale word ("$1e9", "$5x") is no amount: reading its
/// first digits would give a wrong one. Allocation-free.
/// </summary>
internal static class AmountParser
{
    private const int MaxScaleLength = 16;

    /// <summary>The amount in the currency's units, or null when no number stands next to the currency.</summary>
    public static double? Read(ReadOnlySpan<char> text, int start, int end, Dictionary<string, ScaleInfo> scales)
    {
        var after = After(text, end, scales, out var rejected);
        return rejected ? null : after ?? Before(text, start, scales);
    }

    private static double? After(ReadOnlySpan<char> text, int i, Dictionary<string, ScaleInfo> scales, out bool rejected)
    {
        rejected = false;
        i = SkipSpaces(text, i, forward: true);
        var numberStart = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || ((text[i] is '.' or ',') && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
        {
            i++;
        }

        if (i == numberStart || !char.IsAsciiDigit(text[numberStart]))
        {
            return null;
        }

        var number = text[numberStart..i];
        var scaleStart = SkipSpaces(text, i, forward: true);
        var hyphenated = scaleStart == i && scaleStart < text.Length && TextFolding.Fold(text[scaleStart]) == '-';
        if (hyphenated)
        {
            // "Rs 5,000-crore", "$5-billion": the hyphen counts only when a scale word follows it.
            scaleStart++;
        }

        var scaleEnd = WordEnd(text, scaleStart);
        var scale = Scale(text[scaleStart..scaleEnd], scales);
        if (hyphenated && scale is null)
        {
            scaleStart = scaleEnd = i;
        }

        // "$1e9", "$5x", "$28bn2": digits running straight into what is no scale word (or out of one) are misread.
        if ((scaleStart == i && i < text.Length && TextFolding.IsWordChar(text[i]) && scale is null)
            || (scale is not null && scaleEnd < text.Length && char.IsAsciiDigit(text[scaleEnd])))
        {
            rejected = true;
            return null;
        }

        // Two-word scales ("mil millones") win over their first word ("mil").
        var secondStart = SkipSpaces(text, scaleEnd, forward: true);
        if (scale is not null && secondStart > scaleEnd && Scale(text[scaleStart..WordEnd(text, secondStart)], scales) is { } twoWords)
        {
            scale = twoWords;
        }

        return ParseNumber(number, scale) * (scale?.Value ?? 1);
    }

    private static double? Before(ReadOnlySpan<char> text, int i, Dictionary<string, ScaleInfo> scales)
    {
        i = SkipSpaces(text, i, forward: false);
        ScaleInfo? scale = null;
        var wordStart = WordStart(text, i);
        if (wordStart < i)
        {
            scale = Scale(text[wordStart..i], scales);
            if (scale is null)
            {
                return null;
            }

            var twoWordStart = WordStart(text, SkipSpaces(text, wordStart, forward: false));
            if (twoWordStart < wordStart && Scale(text[twoWordStart..i], scales) is { } twoWords)
            {
                scale = twoWords;
                wordStart = twoWordStart;
            }

            i = SkipSpaces(text, wordStart, forward: false);
            if (i == wordStart && i > 1 && TextFolding.Fold(text[i - 1]) == '-' && char.IsAsciiDigit(text[i - 2]))
            {
                // "5,000-crore rupees".
                i--;
            }
        }

        var numberEnd = i;
        while (i > 0 && (char.IsAsciiDigit(text[i - 1]) || ((text[i - 1] is '.' or ',') && i - 2 >= 0 && char.IsAsciiDigit(text[i - 2]))))
        {
            i--;
        }

        // "1e9 yuan": the digits run on from a word; reading them alone would give a wrong amount.
        if (i == numberEnd || (i > 0 && TextFolding.IsWordChar(text[i - 1])))
        {
            return null;
        }

        return ParseNumber(text[i..numberEnd], scale) * (scale?.Value ?? 1);
    }

    private static ScaleInfo? Scale(ReadOnlySpan<char> word, Dictionary<string, ScaleInfo> scales)
    {
        if (word.IsEmpty || word.Length > MaxScaleLength)
        {
            return null;
        }

        Span<char> folded = stackalloc char[word.Length];
        for (var k = 0; k < word.Length; k++)
        {
            folded[k] = TextFolding.Fold(word[k]);
        }

        var lookup = scales.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(folded, out var value))
        {
            return value;
        }

        // "bn." at the end of a sentence is "bn"; "тыс." is listed with its dot.
        return folded.Length > 1 && folded[^1] == '.' && lookup.TryGetValue(folded[..^1], out value) ? value : null;
    }

    /// <summary>
    /// "7.1", "5,5", "1,200", "25.000", "1.234,5": the last separator is decimal unless it is followed by exactly three
    /// digits and no scale word. With a comma-grouping scale ("5,000 crore", "1,50,000 crore", "2.5 lakh") a comma only groups.
    /// </summary>
    private static double? ParseNumber(ReadOnlySpan<char> number, ScaleInfo? scale)
    {
        var scaled = scale is not null;
        var lastSeparator = number.LastIndexOfAny('.', ',');
        var decimalAt = -1;
        if (scale is { CommaGroups: true })
        {
            decimalAt = number.LastIndexOf('.');
        }
        else if (lastSeparator >= 0)
        {
            var digitsAfter = number.Length - lastSeparator - 1;
            var mixed = number.Contains('.') && number.Contains(',');
            var repeated = number.Count(number[lastSeparator]) > 1;
            decimalAt = mixed || (!repeated && (digitsAfter != 3 || scaled)) ? lastSeparator : -1;
        }

        Span<char> clean = stackalloc char[number.Length];
        var length = 0;
        for (var k = 0; k < number.Length; k++)
        {
            if (char.IsAsciiDigit(number[k]))
            {
                clean[length++] = number[k];
            }
            else if (k == decimalAt)
            {
                clean[length++] = '.';
            }
        }

        return double.TryParse(clean[..length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int i, bool forward)
    {
        if (forward)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == '\u00A0'))
            {
                i++;
            }

            return i;
        }

        while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\u00A0'))
        {
            i--;
        }

        return i;
    }

    // A scale word is a run of letters (with a trailing dot, as in "тыс.") or a single CJK character.
    private static int WordEnd(ReadOnlySpan<char> text, int i)
    {
        if (i < text.Length && TextFolding.IsUnspacedScript(text[i]))
        {
            return i + 1;
        }

        while (i < text.Length && IsWordLetter(text[i]))
        {
            i++;
        }

        return i < text.Length && text[i] == '.' ? i + 1 : i;
    }

    private static int WordStart(ReadOnlySpan<char> text, int i)
    {
        if (i > 0 && TextFolding.IsUnspacedScript(text[i - 1]))
        {
            return i - 1;
        }

        var end = i;
        if (i > 0 && text[i - 1] == '.')
        {
            i--;
        }

        var letters = i;
        while (i > 0 && IsWordLetter(text[i - 1]))
        {
            i--;
        }

        return i == letters ? end : i;
    }

    // Letters, and the vowel signs and nukta of Indic scripts ("करोड़", "लाख"), which are marks, not letters.
    private static bool IsWordLetter(char c) =>
        char.IsLetter(c) || (c >= '\u0900' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
}
