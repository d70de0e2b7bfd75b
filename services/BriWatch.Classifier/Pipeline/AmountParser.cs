using System.Globalization;
using BriWatch.Classifier.Terms;
using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>An amount read next to a currency: its value in the currency's units and the span of number, scale and currency.</summary>
internal readonly record struct ParsedAmount(double Value, int Start, int End, int NumberStart);

/// <summary>
/// Reads the number and scale next to a matched currency, in the forms the sources use: "$7.1 billion", "US$ 7 miliar",
/// "Rp25 triliun", "R$ 5,5 bilhões", "50.6 billion yuan", "1,2 млрд рублей", "71亿美元", "Rs 5,000-crore", "₹2 lakh crore",
/// and with a joiner between scale and currency: "1,2 mil milhões de reais", "1,5 milliard d'euros", "4.714 millones de dólares".
/// A number that runs straight into something that is not a scale word ("$1e9", "$5x") is no amount: reading its
/// first digits would give a wrong one. Allocation-free.
/// </summary>
internal static class AmountParser
{
    private const int MaxScaleLength = 16;
    private const int MaxJoiners = 2;

    /// <summary>The amount next to the currency at [start, end), or null when no number stands next to it.</summary>
    public static ParsedAmount? Read(ReadOnlySpan<char> text, int start, int end, Dictionary<string, ScaleInfo> scales, string[] joiners)
    {
        var after = After(text, end, scales, out var rejected);
        if (rejected)
        {
            return null;
        }

        if (after is { } a)
        {
            return a with { Start = start };
        }

        // "dollar*" matched the start of "dollars": the amount runs to the end of the word.
        while (end < text.Length && TextFolding.IsWordChar(text[end]))
        {
            end++;
        }

        return Before(text, start, scales, joiners) is { } b ? b with { End = end } : null;
    }

    private static ParsedAmount? After(ReadOnlySpan<char> text, int i, Dictionary<string, ScaleInfo> scales, out bool rejected)
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
        if (scale is null)
        {
            scaleStart = scaleEnd = i;
        }
        else if (text[scaleEnd - 1] == '.' && Scale(text[scaleStart..(scaleEnd - 1)], scales) is not null)
        {
            // "5,5 bilhões." ends the sentence: the point is no part of the amount (it is of "тыс.", listed with it).
            scaleEnd--;
        }

        // "$1e9", "$5x", "$28bn2": digits running straight into what is no scale word (or out of one) are misread.
        if ((scaleStart == i && i < text.Length && TextFolding.IsWordChar(text[i]) && scale is null)
            || (scale is not null && scaleEnd < text.Length && char.IsAsciiDigit(text[scaleEnd])))
        {
            rejected = true;
            return null;
        }

        // Two-word scales ("mil millones", "mil milhões") win over their first word ("mil").
        var secondStart = SkipSpaces(text, scaleEnd, forward: true);
        if (scale is not null && secondStart > scaleEnd && WordEnd(text, secondStart) is var secondEnd && Scale(text[scaleStart..secondEnd], scales) is { } twoWords)
        {
            scale = twoWords;
            scaleEnd = secondEnd;
        }

        return ParseNumber(number, scale) is { } value ? new ParsedAmount(value * (scale?.Value ?? 1), numberStart, scaleEnd, numberStart) : null;
    }

    private static ParsedAmount? Before(ReadOnlySpan<char> text, int i, Dictionary<string, ScaleInfo> scales, string[] joiners)
    {
        var currencyStart = i;
        i = SkipJoiners(text, i, joiners);
        var joined = i < currencyStart;
        i = SkipSpaces(text, i, forward: false);
        ScaleInfo? scale = null;
        var wordStart = WordStart(text, i);
        if (joined && wordStart == i)
        {
            // A joiner stands only after a scale word ("milliard de dollars"); "article 12 of dollar bonds" is no amount.
            return null;
        }

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

        return ParseNumber(text[i..numberEnd], scale) is { } value ? new ParsedAmount(value * (scale?.Value ?? 1), i, numberEnd, i) : null;
    }

    /// <summary>
    /// Steps back over the joiners before a currency ("de" in "milhões de reais", "d'" in "milliard d'euros"); an elided
    /// joiner (ending in an apostrophe) is attached to the currency, a whole-word one stands apart.
    /// </summary>
    private static int SkipJoiners(ReadOnlySpan<char> text, int i, string[] joiners)
    {
        for (var skipped = 0; skipped < MaxJoiners; skipped++)
        {
            var before = i;
            foreach (var joiner in joiners)
            {
                var elided = joiner[^1] == '\'';
                var end = elided ? i : SkipSpaces(text, i, forward: false);
                if (end == i && !elided)
                {
                    continue;
                }

                var start = end - joiner.Length;
                if (start < 0 || (start > 0 && TextFolding.IsWordChar(text[start - 1])) || !FoldedEquals(text[start..end], joiner))
                {
                    continue;
                }

                i = start;
                break;
            }

            if (i == before)
            {
                break;
            }
        }

        return i;
    }

    private static bool FoldedEquals(ReadOnlySpan<char> text, string folded)
    {
        for (var k = 0; k < text.Length; k++)
        {
            if (TextFolding.Fold(text[k]) != folded[k])
            {
                return false;
            }
        }

        return true;
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
    /// digits and no scale word. With a comma-grouping scale ("5,000 crore", "1,50,000 crore", "2.5 lakh") a comma only groups;
    /// with a point-grouping one ("1.300 millones") a point before three digits only groups.
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
        else if (scale is { DotGroups: true })
        {
            // "1.300 millones", "4.714 millones", "1,2 mil milhões": a comma is decimal; a point is too unless it groups three digits.
            var lastComma = number.LastIndexOf(',');
            var lastDot = number.LastIndexOf('.');
            decimalAt = lastComma >= 0 ? lastComma : lastDot >= 0 && number.Length - lastDot - 1 != 3 ? lastDot : -1;
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
