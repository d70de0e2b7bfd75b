using System.Globalization;
using BriWatch.Classifier.Matching;
using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>
/// Reads the number and scale next to a matched currency, in the forms the sources use: "$7.1 billion", "US$ 7 miliar",
/// "Rp25 triliun", "R$ 5,5 bilhões", "50.6 billion yuan", "1,2 млрд рублей", "71亿美元". Allocation-free.
/// </summary>
internal static class AmountParser
{
    private const int MaxScaleLength = 16;

    /// <summary>The amount in the currency's units, or null when no number stands next to the currency.</summary>
    public static double? Read(ReadOnlySpan<char> text, int start, int end, Dictionary<string, double> scales)
    {
        return After(text, end, scales) ?? Before(text, start, scales);
    }

    private static double? After(ReadOnlySpan<char> text, int i, Dictionary<string, double> scales)
    {
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
        var scaleEnd = WordEnd(text, scaleStart);
        var scale = Scale(text[scaleStart..scaleEnd], scales);

        // Two-word scales ("mil millones") win over their first word ("mil").
        var secondStart = SkipSpaces(text, scaleEnd, forward: true);
        if (scale is not null && secondStart > scaleEnd && Scale(text[scaleStart..WordEnd(text, secondStart)], scales) is { } twoWords)
        {
            scale = twoWords;
        }

        return ParseNumber(number, scale is not null) * (scale ?? 1);
    }

    private static double? Before(ReadOnlySpan<char> text, int i, Dictionary<string, double> scales)
    {
        i = SkipSpaces(text, i, forward: false);
        double? scale = null;
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
        }

        var numberEnd = i;
        while (i > 0 && (char.IsAsciiDigit(text[i - 1]) || ((text[i - 1] is '.' or ',') && i - 2 >= 0 && char.IsAsciiDigit(text[i - 2]))))
        {
            i--;
        }

        return i == numberEnd ? null : ParseNumber(text[i..numberEnd], scale is not null) * (scale ?? 1);
    }

    private static double? Scale(ReadOnlySpan<char> word, Dictionary<string, double> scales)
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

    /// <summary>"7.1", "5,5", "1,200", "25.000", "1.234,5": the last separator is decimal unless it is followed by exactly three digits and no scale word.</summary>
    private static double? ParseNumber(ReadOnlySpan<char> number, bool scaled)
    {
        var lastSeparator = number.LastIndexOfAny('.', ',');
        var decimalAt = -1;
        if (lastSeparator >= 0)
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

        while (i < text.Length && char.IsLetter(text[i]))
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
        while (i > 0 && char.IsLetter(text[i - 1]))
        {
            i--;
        }

        return i == letters ? end : i;
    }
}
