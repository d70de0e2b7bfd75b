using BriWatch.Classifier.Terms;
using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>
/// Every money amount of an article with its role, and the headline: the deal's own amount. A role comes from the cues
/// around the amount (<c>amount_roles</c> in rates.yaml): a background cue in its clause ("trade reached", "initial
/// capital of", "last year") or a past cue earlier in its sentence ("L'an dernier, ...") makes it background; else a
/// capacity cue ("a year", "年产值") makes it capacity; else a loan, investment or deal cue right after it ("a $300 million
/// loan"), or the nearest one before it in the sentence, or the first one after it in the clause; else it is the deal. An amount in another currency
/// right after one, in brackets or after a conversion cue ("50.6 billion yuan ($7.1 billion)", "55亿雷亚尔，约合10亿美元"),
/// is the same amount restated and shares its role. The headline is the first deal, loan or investment amount of the
/// title, else of the text (the lead states the main event), in US dollars as stated when the text restates it so.
/// </summary>
internal sealed class DealAmounts(CompiledTaxonomy taxonomy)
{
    /// <summary>Larger than world GDP is a misread number (a phone number, a year run into a figure), not an amount.</summary>
    private const double MaxPlausibleUsd = 1e14;

    /// <summary>How far (characters) a cue before an amount may stand, and one after it.</summary>
    private const int BeforeReach = 100, AfterReach = 40;

    /// <summary>A cue this close after an amount names it ("a $25 billion state loan", "2.5亿美元贷款") whatever stands before.</summary>
    private const int AdjacentGap = 8;

    /// <summary>Characters between an amount and its restatement, besides a conversion cue.</summary>
    private const int ConversionGap = 4;

    private static readonly string[] Roles = ["deal", "loan", "investment", "capacity", "background"];

    public (IReadOnlyList<AmountMention> Amounts, double? HeadlineUsd) Read(ArticleInput input, ReadOnlySpan<Hit> cues, ReadOnlySpan<Hit> roleCues, DateOnly date)
    {
        List<AmountMention>? amounts = null;
        List<int>? numberStarts = null;
        var textStart = input.Title.Length + 1;
        foreach (var hit in cues)
        {
            var currency = CurrencyOf(hit);
            if (currency is null)
            {
                continue;
            }

            var inTitle = hit.Start < textStart;
            var segment = inTitle ? input.Title : input.Text;
            var offset = inTitle ? 0 : textStart;
            if (AmountParser.Read(segment, hit.Start - offset, hit.End - offset, taxonomy.Scales, taxonomy.Joiners) is not { } parsed)
            {
                continue;
            }

            var usd = parsed.Value * currency.UsdPerUnit(date);
            if (usd is not (> 0 and < MaxPlausibleUsd))
            {
                continue;
            }

            amounts ??= new List<AmountMention>(4);
            numberStarts ??= new List<int>(4);
            var numberStart = offset + parsed.NumberStart;
            var previous = numberStarts.IndexOf(numberStart);
            if (previous >= 0)
            {
                // "人民币500亿元": both currency words read the same number; one amount, spanning both.
                var first = amounts[previous];
                var end = Math.Max(first.Start + first.Length, offset + parsed.End);
                amounts[previous] = first with { Length = end - first.Start, Evidence = Slice(input, first.Start, end) };
                continue;
            }

            var role = Role(segment, offset, parsed.Start, parsed.End, roleCues);
            amounts.Add(new AmountMention(parsed.Value, currency.Code, Math.Round(usd, 0), Roles[role], offset + parsed.Start, parsed.End - parsed.Start, segment[parsed.Start..parsed.End]));
            numberStarts.Add(numberStart);
        }

        if (amounts is null)
        {
            return ([], null);
        }

        ShareRolesWithRestatements(input, amounts, roleCues);
        return (amounts, Headline(input, amounts, roleCues)?.AmountUsd);
    }

    private CurrencyInfo? CurrencyOf(Hit hit)
    {
        var entries = taxonomy.EntriesByPattern[hit.Pattern];
        for (var e = 0; e < entries.Length; e++)
        {
            if ((hit.Mask & (1u << e)) != 0 && entries[e].Kind == TermKind.Currency)
            {
                return taxonomy.Currencies[entries[e].Id];
            }
        }

        return null;
    }

    /// <summary>The role index (into <see cref="Roles"/>) of the amount at [start, end) of <paramref name="segment"/>.</summary>
    private int Role(string segment, int offset, int start, int end, ReadOnlySpan<Hit> roleCues)
    {
        var clauseStart = Math.Max(BackTo(segment, start, sentence: false), start - BeforeReach);
        var sentenceStart = Math.Max(BackTo(segment, start, sentence: true), start - BeforeReach);
        var clauseEnd = Math.Min(ForwardTo(segment, end), end + AfterReach);
        bool background = false, capacity = false;
        int before = -1, after = -1, afterGap = 0;
        foreach (var cue in roleCues)
        {
            var cueStart = cue.Start - offset;
            var cueEnd = cue.End - offset;
            if (cueEnd > start && cueStart < end)
            {
                continue;
            }

            var inClause = cueEnd <= start ? cueStart >= clauseStart : cueEnd <= clauseEnd;
            var inSentenceBefore = cueEnd <= start && cueStart >= sentenceStart;
            if (!inClause && !inSentenceBefore)
            {
                continue;
            }

            var entries = taxonomy.EntriesByPattern[cue.Pattern];
            for (var e = 0; e < entries.Length; e++)
            {
                if ((cue.Mask & (1u << e)) == 0 || entries[e].Kind != TermKind.AmountRole)
                {
                    continue;
                }

                switch (entries[e].Id)
                {
                    case CompiledTaxonomy.AmountPast:
                        background = true;
                        break;
                    case CompiledTaxonomy.AmountBackground when inClause:
                        background = true;
                        break;
                    case CompiledTaxonomy.AmountCapacity when inClause:
                        capacity = true;
                        break;
                    case CompiledTaxonomy.AmountDeal or CompiledTaxonomy.AmountLoan or CompiledTaxonomy.AmountInvestment:
                        if (cueEnd <= start && inSentenceBefore)
                        {
                            before = entries[e].Id;
                        }
                        else if (cueStart >= end && inClause && after < 0)
                        {
                            after = entries[e].Id;
                            afterGap = cueStart - end;
                        }

                        break;
                }
            }
        }

        return background ? CompiledTaxonomy.AmountBackground
            : capacity ? CompiledTaxonomy.AmountCapacity
            : after >= 0 && afterGap <= AdjacentGap ? after
            : before >= 0 ? before
            : after >= 0 ? after
            : CompiledTaxonomy.AmountDeal;
    }

    /// <summary>An amount in another currency right after one, in brackets or after a conversion cue, restates it: same role.</summary>
    private void ShareRolesWithRestatements(ArticleInput input, List<AmountMention> amounts, ReadOnlySpan<Hit> roleCues)
    {
        for (var i = 1; i < amounts.Count; i++)
        {
            if (IsRestatement(input, amounts[i - 1], amounts[i], roleCues))
            {
                amounts[i] = amounts[i] with { Role = amounts[i - 1].Role };
            }
        }
    }

    private bool IsRestatement(ArticleInput input, AmountMention first, AmountMention second, ReadOnlySpan<Hit> roleCues)
    {
        var gapStart = first.Start + first.Length;
        var gapEnd = second.Start;
        if (first.Currency == second.Currency || gapEnd < gapStart || (gapStart <= input.Title.Length && gapEnd > input.Title.Length))
        {
            return false;
        }

        var marked = false;
        foreach (var cue in roleCues)
        {
            if (cue.Start >= gapStart && cue.End <= gapEnd && IsConversionCue(cue))
            {
                // A conversion cue marks a restatement; its own characters do not count towards the short gap.
                gapEnd -= cue.Length;
                marked = true;
            }
        }

        var textStart = input.Title.Length + 1;
        for (var k = first.Start + first.Length; k < second.Start; k++)
        {
            marked |= (k < textStart ? input.Title[k] : input.Text[k - textStart]) is '(' or '（';
        }

        return marked && gapEnd - gapStart <= ConversionGap;
    }

    private bool IsConversionCue(Hit cue)
    {
        var entries = taxonomy.EntriesByPattern[cue.Pattern];
        for (var e = 0; e < entries.Length; e++)
        {
            if ((cue.Mask & (1u << e)) != 0 && entries[e] is { Kind: TermKind.AmountRole, Id: CompiledTaxonomy.AmountConversion })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first deal, loan or investment amount of the title, else of the text; its US dollar restatement when there is one.</summary>
    private AmountMention? Headline(ArticleInput input, List<AmountMention> amounts, ReadOnlySpan<Hit> roleCues)
    {
        var textStart = input.Title.Length + 1;
        var pick = -1;
        for (var pass = 0; pass < 2 && pick < 0; pass++)
        {
            for (var i = 0; i < amounts.Count; i++)
            {
                var inTitle = amounts[i].Start < textStart;
                if ((pass == 0) == inTitle && amounts[i].Role is "deal" or "loan" or "investment")
                {
                    pick = i;
                    break;
                }
            }
        }

        if (pick < 0)
        {
            return null;
        }

        for (var i = pick + 1; i < amounts.Count && amounts[pick].Currency != "USD" && IsRestatement(input, amounts[i - 1], amounts[i], roleCues); i++)
        {
            if (amounts[i].Currency == "USD")
            {
                return amounts[i];
            }
        }

        return amounts[pick];
    }

    private static string Slice(ArticleInput input, int start, int end)
    {
        var textStart = input.Title.Length + 1;
        return start < textStart ? input.Title[start..Math.Min(end, input.Title.Length)] : input.Text[(start - textStart)..(end - textStart)];
    }

    /// <summary>Where the clause (or sentence) holding position <paramref name="i"/> starts.</summary>
    private static int BackTo(string text, int i, bool sentence)
    {
        while (i > 0 && !IsBreak(text, i - 1, sentence))
        {
            i--;
        }

        return i;
    }

    /// <summary>Where the clause after position <paramref name="i"/> ends: at a break, or at the next number that is no year (a qualifier belongs to the nearest quantity).</summary>
    private static int ForwardTo(string text, int i)
    {
        while (i < text.Length && !IsBreak(text, i, sentence: false))
        {
            if (char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiDigit(text[i - 1])) && !IsYear(text, i))
            {
                return i;
            }

            i++;
        }

        return i;
    }

    private static bool IsYear(string text, int i) =>
        i + 4 <= text.Length && text[i] is '1' or '2' && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]) && char.IsAsciiDigit(text[i + 3])
        && (i + 4 == text.Length || !char.IsAsciiDigit(text[i + 4]));

    /// <summary>
    /// Sentence ends (. ! ? 。！？ and line breaks) and, for clauses, also , ; : ( ) and their CJK forms. The point or comma
    /// of a number ("1,2", "7.1") breaks nothing, nor the point of an abbreviation ("U.S.", "Rs.").
    /// </summary>
    private static bool IsBreak(string text, int k, bool sentence)
    {
        var c = text[k];
        switch (c)
        {
            case '!' or '?' or '。' or '！' or '？' or '\n':
                return true;
            case '.':
                return (k + 1 >= text.Length || text[k + 1] is ' ' or '\u00A0') && !(k >= 2 && text[k - 2] == '.');
            case ',' or ';' or ':':
                return !sentence && !(k > 0 && k + 1 < text.Length && char.IsAsciiDigit(text[k - 1]) && char.IsAsciiDigit(text[k + 1]));
            case '，' or '；' or '：' or '、' or '(' or ')' or '（' or '）':
                return !sentence;
            default:
                return !sentence && TextFolding.Fold(c) == '\u060C'; // Arabic comma
        }
    }
}
