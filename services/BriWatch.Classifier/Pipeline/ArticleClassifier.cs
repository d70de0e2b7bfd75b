using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>
/// Classifies an article in one matcher pass over title and text. Relevance needs both halves: a BRICS/BRI link
/// (explicit framing, or a BRICS member/partner as a party to a cross-border deal) and industrial substance; off-topic
/// cues (summitry, currency, culture, sport, macro statistics, closures, trade defence) take their share of the score.
/// A country named as a competitor or import source ("cheap Chinese panels", <see cref="RivalMentions"/>) is no party. Thread-safe.
/// </summary>
public sealed class ArticleClassifier
{
    /// <summary>Below this score an article is not relevant.</summary>
    public const double RelevanceThreshold = 0.4;

    private const double MinSubstance = 3;
    private const double SubstanceScale = 4;
    private const int MaxEvidencePerKind = 2;
    private const int MaxCountries = 6;
    private const int ShortArticle = 1200;

    private static readonly string[] FramingReasons = ["framing:brics", "framing:bri"];
    // Indexes into CompiledTaxonomy.StageIds, lowest precedence first: announced, signed, mou, financed, under_construction, operational, cancelled.
    private static readonly int[] StageTieOrder = [0, 2, 1, 3, 4, 5, 6];

    private static readonly string[] TopicReasons = [.. Topics.Ids.Select(t => "topic:" + t)];

    private readonly CompiledTaxonomy taxonomy;
    private readonly PartyRoles roles;
    private readonly RivalMentions rivalMentions;
    private readonly DealAmounts dealAmounts;

    internal ArticleClassifier(CompiledTaxonomy taxonomy)
    {
        this.taxonomy = taxonomy;
        roles = new PartyRoles(taxonomy);
        rivalMentions = new RivalMentions(taxonomy);
        dealAmounts = new DealAmounts(taxonomy);
    }

    public string TaxonomyVersion => taxonomy.Version;

    /// <summary>Every folded term the matcher looks for (for diagnostics and for benchmarking against other matchers).</summary>
    public IReadOnlyList<string> FoldedTerms => taxonomy.Patterns;

    /// <summary>Loads and compiles the taxonomy folder (relative paths resolve against the application's base directory).</summary>
    public static ArticleClassifier FromTaxonomy(string? path = null) =>
        new(TaxonomyLoader.Load(TaxonomyLoader.ResolvePath(path)));

    public Classification Classify(ArticleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Title, nameof(input));
        ArgumentNullException.ThrowIfNull(input.Text, nameof(input));
        using var collector = new TermHitCollector(taxonomy);
        collector.Scan(input.Title, 0);
        collector.Scan(input.Text, input.Title.Length + 1);

        var countryCount = taxonomy.Countries.Length;
        var entityCount = taxonomy.Entities.Length;
        var tally = new HitTally(
            taxonomy,
            topicWeight: stackalloc double[Topics.Ids.Count],
            topicFirst: stackalloc int[Topics.Ids.Count],
            countryWeight: countryCount <= 256 ? stackalloc double[countryCount] : new double[countryCount],
            countryFirst: countryCount <= 256 ? stackalloc int[countryCount] : new int[countryCount],
            stageCount: stackalloc int[CompiledTaxonomy.StageIds.Length + 1],
            entitySeen: entityCount <= 512 ? stackalloc bool[entityCount] : new bool[entityCount],
            negativeFirst: stackalloc int[2]);
        var date = DateOnly.FromDateTime(input.Published.UtcDateTime);
        var hits = collector.Complete();

        // Mentions of a competitor or an import source do not make their country a party; most articles have no rivalry cue.
        using var rivals = collector.RivalCues > 0 ? rivalMentions.Find(input, hits, collector.NameCount) : default;
        tally.Add(hits, input.Title.Length, rivals);

        var parties = SelectParties(tally.CountryWeight, input.Title.Length + input.Text.Length < ShortArticle);
        var (link, chinaAndBriHost) = Link(tally, parties, date);
        var substance = Substance(tally.TopicWeight);
        var offTopicShare = tally.Negative / (tally.Negative + substance + 1);
        var score = Math.Round(link * (1 - Math.Exp(-substance / SubstanceScale)) * (1 - offTopicShare), 3);
        var relevant = link > 0 && substance >= MinSubstance && score >= RelevanceThreshold;

        // A Chinese party building or financing in a Belt and Road country is a BRI item even when nobody writes "Belt and Road".
        var impliedBri = chinaAndBriHost && tally.Cooperation >= 1 && substance >= MinSubstance;
        var topics = SelectTopics(tally.TopicWeight, impliedBri);
        var evidence = CollectEvidence(input, hits, tally, parties, date, relevant);
        if (!relevant && !rivals.IsEmpty)
        {
            AddRivalEvidence(evidence, input, hits[..collector.NameCount], rivals, parties);
        }

        var (amounts, amountUsd) = dealAmounts.Read(input, hits[collector.NameCount..], collector.AmountCues, date);
        return new Classification(
            relevant,
            score,
            topics,
            parties.ConvertAll(p => taxonomy.Countries[p].Code),
            LanguageIdentifier.Identify(input.Title, input.Text, collector.StopwordCounts, taxonomy.Languages, input.LanguageHint),
            tally.Entities,
            evidence,
            amountUsd,
            relevant ? SelectStage(tally.StageCount) : null,
            relevant ? roles.Assign(input, hits, collector.NameCount, parties) : [],
            amounts);
    }

    /// <summary>
    /// How strongly the article is tied to BRICS or the BRI (explicit framing, or a BRICS party to a cross-border deal),
    /// and whether its parties are a Chinese one and a Belt and Road host.
    /// </summary>
    private (double Link, bool ChinaAndBriHost) Link(in HitTally tally, List<int> parties, DateOnly date)
    {
        var bricsParty = -1;
        var chineseParty = false;
        var briHost = false;
        foreach (var p in parties)
        {
            var country = taxonomy.Countries[p];
            if (bricsParty < 0 && country.BricsStatus(date) is not null)
            {
                bricsParty = p;
            }

            chineseParty |= country.Code == "CN";
            briHost |= country.Bri && country.Code != "CN";
        }

        var crossBorder = parties.Count >= 2 && bricsParty >= 0 && tally.Cooperation >= 1;
        var framing = tally.TopicWeight[Topics.Brics] + tally.TopicWeight[Topics.Bri];
        var link = Math.Max(framing >= 2 ? 1.0 : framing >= 1 ? 0.7 : 0.0, crossBorder ? 0.9 : 0.0);
        return (link, chineseParty && briHost);
    }

    /// <summary>The weight of the substance topics; a weak substance topic counts half.</summary>
    private double Substance(ReadOnlySpan<double> topicWeight)
    {
        double substance = 0;
        for (var t = 0; t < topicWeight.Length; t++)
        {
            substance += taxonomy.TopicRoles[t] switch
            {
                TopicRole.Substance => topicWeight[t],
                TopicRole.WeakSubstance => topicWeight[t] / 2,
                _ => 0,
            };
        }

        return substance;
    }

    /// <summary>
    /// Countries the article is about: mentioned at least twice (a title mention counts twice) and not dwarfed by the main one.
    /// A short item (a feed summary, a brief) names each party once, so there one mention is enough.
    /// </summary>
    private static List<int> SelectParties(ReadOnlySpan<double> weights, bool isShort)
    {
        double max = 0;
        var mentioned = 0;
        foreach (var w in weights)
        {
            max = Math.Max(max, w);
            mentioned += w > 0 ? 1 : 0;
        }

        var parties = new List<int>(4);
        var floor = mentioned == 1 || isShort ? 1 : Math.Max(2, max * 0.15);
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] >= floor)
            {
                parties.Add(i);
            }
        }

        // Insertion sort, most mentioned first: a handful of items, and a comparison lambda cannot capture the span.
        for (var i = 1; i < parties.Count; i++)
        {
            var item = parties[i];
            var j = i - 1;
            while (j >= 0 && weights[parties[j]] < weights[item])
            {
                parties[j + 1] = parties[j];
                j--;
            }

            parties[j + 1] = item;
        }
        if (parties.Count > MaxCountries)
        {
            parties.RemoveRange(MaxCountries, parties.Count - MaxCountries);
        }

        return parties;
    }

    private List<string> SelectTopics(ReadOnlySpan<double> weights, bool impliedBri)
    {
        double max = 0;
        for (var t = 0; t < weights.Length; t++)
        {
            if (taxonomy.TopicRoles[t] != TopicRole.Framing)
            {
                max = Math.Max(max, weights[t]);
            }
        }

        var topics = new List<string>(6);
        for (var t = 0; t < weights.Length; t++)
        {
            var selected = taxonomy.TopicRoles[t] == TopicRole.Framing
                ? weights[t] >= 1 || (t == Topics.Bri && impliedBri)
                : weights[t] >= 2 && weights[t] >= max * 0.2;
            if (selected)
            {
                topics.Add(Topics.Ids[t]);
            }
        }

        return topics;
    }

    private List<EvidenceSpan> CollectEvidence(ArticleInput input, ReadOnlySpan<Hit> hits, in HitTally tally, List<int> parties, DateOnly date, bool relevant)
    {
        var topicWeight = tally.TopicWeight;
        var topicFirst = tally.TopicFirst;
        var countryFirst = tally.CountryFirst;
        var evidence = new List<EvidenceSpan>(10);
        for (var t = 0; t < 2; t++)
        {
            if (topicFirst[t] >= 0)
            {
                evidence.Add(Span(input, FramingReasons[t], hits[topicFirst[t]]));
            }
        }

        var partiesShown = 0;
        foreach (var p in parties)
        {
            var country = taxonomy.Countries[p];
            if (partiesShown < MaxEvidencePerKind + 1 && country.BricsStatus(date) is not null && countryFirst[p] >= 0)
            {
                evidence.Add(Span(input, country.PartyReason, hits[countryFirst[p]]));
                partiesShown++;
            }
        }

        if (tally.CooperationFirst >= 0)
        {
            evidence.Add(Span(input, "cooperation", hits[tally.CooperationFirst]));
        }

        Span<int> best = [-1, -1, -1];
        StrongestSubstanceTopics(topicWeight, topicFirst, best);
        foreach (var t in best)
        {
            if (t >= 0)
            {
                evidence.Add(Span(input, TopicReasons[t], hits[topicFirst[t]]));
            }
        }

        if (!relevant)
        {
            foreach (var n in tally.NegativeFirst)
            {
                if (n >= 0)
                {
                    evidence.Add(Span(input, "negative", hits[n]));
                }
            }
        }

        return evidence;
    }

    /// <summary>Fills <paramref name="best"/> with the strongest substance topics that were hit, strongest first (-1: none).</summary>
    private void StrongestSubstanceTopics(ReadOnlySpan<double> topicWeight, ReadOnlySpan<int> topicFirst, Span<int> best)
    {
        for (var t = 0; t < topicWeight.Length; t++)
        {
            if (taxonomy.TopicRoles[t] is TopicRole.Substance or TopicRole.WeakSubstance && topicFirst[t] >= 0)
            {
                for (var b = 0; b < best.Length; b++)
                {
                    if (best[b] < 0 || topicWeight[t] > topicWeight[best[b]])
                    {
                        best[b..^1].CopyTo(best[(b + 1)..]);
                        best[b] = t;
                        break;
                    }
                }
            }
        }
    }

    /// <summary>The first rival mentions of countries that are not parties: why a named BRICS country did not count.</summary>
    private void AddRivalEvidence(List<EvidenceSpan> evidence, ArticleInput input, ReadOnlySpan<Hit> names, in RivalSet rivals, List<int> parties)
    {
        var shown = 0;
        for (var h = 0; h < names.Length && shown < MaxEvidencePerKind; h++)
        {
            if (rivals.Contains(h) && taxonomy.CountryOf(names[h].Pattern, names[h].Mask) is var country and >= 0 && !parties.Contains(country))
            {
                evidence.Add(Span(input, taxonomy.Countries[country].RivalReason, names[h]));
                shown++;
            }
        }
    }

    private static EvidenceSpan Span(ArticleInput input, string reason, Hit hit)
    {
        var textStart = input.Title.Length + 1;
        var text = hit.Start < textStart
            ? input.Title.Substring(hit.Start, hit.Length)
            : input.Text.Substring(hit.Start - textStart, hit.Length);
        return new EvidenceSpan(reason, text, hit.Start, hit.Length);
    }

    /// <summary>
    /// The most cued stage among event cues; ties go to the later stage, except that an MoU is what "signed an MoU" signed.
    /// Intent cues (the last slot: "to build", "plans to") are weak evidence: they give `announced` only when no event cue of
    /// any stage is present, so "signed an agreement to build" is signed however often the purpose is repeated.
    /// </summary>
    private static string? SelectStage(ReadOnlySpan<int> counts)
    {
        var best = -1;
        foreach (var s in StageTieOrder)
        {
            if (counts[s] > 0 && (best < 0 || counts[s] >= counts[best]))
            {
                best = s;
            }
        }

        if (best < 0 && counts[CompiledTaxonomy.StageIds.Length] > 0)
        {
            best = 0;
        }

        return best < 0 ? null : CompiledTaxonomy.StageIds[best];
    }
}
