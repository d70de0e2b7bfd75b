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

    private const double TitleWeight = 2;
    private const double MinSubstance = 3;
    private const double SubstanceScale = 4;
    private const int MaxEvidencePerKind = 2;
    private const int MaxCountries = 6;
    private const int MaxEntities = 24;
    private const int ShortArticle = 1200;

    private static readonly string[] FramingReasons = ["framing:brics", "framing:bri"];
    // Indexes into CompiledTaxonomy.StageIds, lowest precedence first: announced, signed, mou, financed, under_construction, operational, cancelled.
    private static readonly int[] StageTieOrder = [0, 2, 1, 3, 4, 5, 6];

    private static readonly string[] TopicReasons = [.. Topics.Ids.Select(t => "topic:" + t)];

    private readonly CompiledTaxonomy _taxonomy;
    private readonly PartyRoles roles;
    private readonly RivalMentions _rivals;
    private readonly DealAmounts _amounts;

    internal ArticleClassifier(CompiledTaxonomy taxonomy)
    {
        _taxonomy = taxonomy;
        roles = new PartyRoles(taxonomy);
        _rivals = new RivalMentions(taxonomy);
        _amounts = new DealAmounts(taxonomy);
    }

    public string TaxonomyVersion => _taxonomy.Version;

    /// <summary>Every folded term the matcher looks for (for diagnostics and for benchmarking against other matchers).</summary>
    public IReadOnlyList<string> FoldedTerms => _taxonomy.Patterns;

    /// <summary>Loads and compiles the taxonomy folder (relative paths resolve against the application's base directory).</summary>
    public static ArticleClassifier FromTaxonomy(string? path = null) =>
        new(TaxonomyLoader.Load(TaxonomyLoader.ResolvePath(path)));

    public Classification Classify(ArticleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Title, nameof(input));
        ArgumentNullException.ThrowIfNull(input.Text, nameof(input));
        using var collector = new TermHitCollector(_taxonomy);
        collector.Scan(input.Title, 0);
        collector.Scan(input.Text, input.Title.Length + 1);

        var topicCount = Topics.Ids.Count;
        var countryCount = _taxonomy.Countries.Length;
        Span<double> topicWeight = stackalloc double[topicCount];
        Span<int> topicFirst = stackalloc int[topicCount];
        Span<double> countryWeight = countryCount <= 256 ? stackalloc double[countryCount] : new double[countryCount];
        Span<int> countryFirst = countryCount <= 256 ? stackalloc int[countryCount] : new int[countryCount];
        Span<int> stageCount = stackalloc int[CompiledTaxonomy.StageIds.Length + 1]; // the last slot counts intent cues
        Span<bool> entitySeen = _taxonomy.Entities.Length <= 512 ? stackalloc bool[_taxonomy.Entities.Length] : new bool[_taxonomy.Entities.Length];
        topicFirst.Fill(-1);
        countryFirst.Fill(-1);
        double cooperation = 0, negative = 0;
        int cooperationFirst = -1;
        Span<int> negativeFirst = [-1, -1];
        List<EntityMention>? entities = null;
        var date = DateOnly.FromDateTime(input.Published.UtcDateTime);

        var hits = collector.Complete();

        // Mentions of a competitor or an import source do not make their country a party; most articles have no rivalry cue.
        using var rivals = collector.RivalCues > 0 ? _rivals.Find(input, hits, collector.NameCount) : default;
        for (var h = 0; h < hits.Length; h++)
        {
            var hit = hits[h];
            var weight = hit.Start < input.Title.Length ? TitleWeight : 1;
            var entries = _taxonomy.EntriesByPattern[hit.Pattern];
            for (var e = 0; e < entries.Length; e++)
            {
                if ((hit.Mask & (1u << e)) == 0)
                {
                    continue;
                }

                var entry = entries[e];
                switch (entry.Kind)
                {
                    case TermKind.Topic:
                        Count(topicWeight, topicFirst, entry.Id, weight, h);
                        break;
                    case TermKind.Country:
                        if (rivals.Contains(h))
                        {
                            break;
                        }

                        if (countryFirst[entry.Id] < 0)
                        {
                            AddEntity(ref entities, "place", _taxonomy.Countries[entry.Id].Name, hit);
                        }

                        Count(countryWeight, countryFirst, entry.Id, weight, h);
                        break;
                    case TermKind.Entity:
                        var info = _taxonomy.Entities[entry.Id];
                        if (!entitySeen[entry.Id])
                        {
                            entitySeen[entry.Id] = true;
                            AddEntity(ref entities, info.Kind, info.Name, hit);
                        }

                        foreach (var t in info.Topics)
                        {
                            Count(topicWeight, topicFirst, t, weight, h);
                        }

                        if (!rivals.Contains(h))
                        {
                            foreach (var c in info.Countries)
                            {
                                Count(countryWeight, countryFirst, c, weight, h);
                            }
                        }

                        if (info.Framing >= 0)
                        {
                            Count(topicWeight, topicFirst, info.Framing, weight, h);
                        }

                        break;
                    case TermKind.Cooperation:
                        cooperation += weight;
                        cooperationFirst = cooperationFirst < 0 ? h : cooperationFirst;
                        break;
                    case TermKind.Negative:
                        negative += weight;
                        if (negativeFirst[0] < 0)
                        {
                            negativeFirst[0] = h;
                        }
                        else if (negativeFirst[1] < 0)
                        {
                            negativeFirst[1] = h;
                        }

                        break;
                    case TermKind.Stage:
                        stageCount[entry.Id]++;
                        break;
                }
            }
        }

        var parties = SelectParties(countryWeight, input.Title.Length + input.Text.Length < ShortArticle);
        var bricsParty = -1;
        var chineseParty = false;
        var briHost = false;
        foreach (var p in parties)
        {
            var country = _taxonomy.Countries[p];
            if (bricsParty < 0 && country.BricsStatus(date) is not null)
            {
                bricsParty = p;
            }

            chineseParty |= country.Code == "CN";
            briHost |= country.Bri && country.Code != "CN";
        }

        var crossBorder = parties.Count >= 2 && bricsParty >= 0 && cooperation >= 1;
        var framing = topicWeight[Topics.Brics] + topicWeight[Topics.Bri];
        var link = Math.Max(framing >= 2 ? 1.0 : framing >= 1 ? 0.7 : 0.0, crossBorder ? 0.9 : 0.0);

        double substance = 0;
        for (var t = 0; t < topicCount; t++)
        {
            substance += _taxonomy.TopicRoles[t] switch
            {
                TopicRole.Substance => topicWeight[t],
                TopicRole.WeakSubstance => topicWeight[t] / 2,
                _ => 0,
            };
        }

        var offTopicShare = negative / (negative + substance + 1);
        var score = Math.Round(link * (1 - Math.Exp(-substance / SubstanceScale)) * (1 - offTopicShare), 3);
        var relevant = link > 0 && substance >= MinSubstance && score >= RelevanceThreshold;

        // A Chinese party building or financing in a Belt and Road country is a BRI item even when nobody writes "Belt and Road".
        var impliedBri = chineseParty && briHost && cooperation >= 1 && substance >= MinSubstance;
        var topics = SelectTopics(topicWeight, impliedBri);
        var evidence = CollectEvidence(input, hits, topicWeight, topicFirst, parties, countryFirst, date, cooperationFirst, negativeFirst, relevant);
        if (!relevant && !rivals.IsEmpty)
        {
            AddRivalEvidence(evidence, input, hits[..collector.NameCount], rivals, parties);
        }

        var (amounts, amountUsd) = _amounts.Read(input, hits[collector.NameCount..], collector.AmountCues, date);
        return new Classification(
            relevant,
            score,
            topics,
            parties.ConvertAll(p => _taxonomy.Countries[p].Code),
            LanguageIdentifier.Identify(input.Title, input.Text, collector.StopwordCounts, _taxonomy.Languages, input.LanguageHint),
            (IReadOnlyList<EntityMention>?)entities ?? [],
            evidence,
            amountUsd,
            relevant ? SelectStage(stageCount) : null,
            relevant ? roles.Assign(input, hits, collector.NameCount, parties) : [],
            amounts);
    }

    private static void Count(Span<double> weights, Span<int> first, int index, double weight, int hit)
    {
        weights[index] += weight;
        if (first[index] < 0)
        {
            first[index] = hit;
        }
    }

    private static void AddEntity(ref List<EntityMention>? entities, string kind, string name, Hit hit)
    {
        entities ??= new List<EntityMention>(8);
        if (entities.Count < MaxEntities)
        {
            entities.Add(new EntityMention(kind, name, hit.Start, hit.Length));
        }
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
            if (_taxonomy.TopicRoles[t] != TopicRole.Framing)
            {
                max = Math.Max(max, weights[t]);
            }
        }

        var topics = new List<string>(6);
        for (var t = 0; t < weights.Length; t++)
        {
            var selected = _taxonomy.TopicRoles[t] == TopicRole.Framing
                ? weights[t] >= 1 || (t == Topics.Bri && impliedBri)
                : weights[t] >= 2 && weights[t] >= max * 0.2;
            if (selected)
            {
                topics.Add(Topics.Ids[t]);
            }
        }

        return topics;
    }

    private List<EvidenceSpan> CollectEvidence(
        ArticleInput input,
        ReadOnlySpan<Hit> hits,
        ReadOnlySpan<double> topicWeight,
        ReadOnlySpan<int> topicFirst,
        List<int> parties,
        ReadOnlySpan<int> countryFirst,
        DateOnly date,
        int cooperationFirst,
        ReadOnlySpan<int> negativeFirst,
        bool relevant)
    {
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
            var country = _taxonomy.Countries[p];
            if (partiesShown < MaxEvidencePerKind + 1 && country.BricsStatus(date) is not null && countryFirst[p] >= 0)
            {
                evidence.Add(Span(input, country.PartyReason, hits[countryFirst[p]]));
                partiesShown++;
            }
        }

        if (cooperationFirst >= 0)
        {
            evidence.Add(Span(input, "cooperation", hits[cooperationFirst]));
        }

        // The strongest substance topics, strongest first.
        Span<int> best = [-1, -1, -1];
        for (var t = 0; t < topicWeight.Length; t++)
        {
            if (_taxonomy.TopicRoles[t] is TopicRole.Substance or TopicRole.WeakSubstance && topicFirst[t] >= 0)
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

        foreach (var t in best)
        {
            if (t >= 0)
            {
                evidence.Add(Span(input, TopicReasons[t], hits[topicFirst[t]]));
            }
        }

        if (!relevant)
        {
            foreach (var n in negativeFirst)
            {
                if (n >= 0)
                {
                    evidence.Add(Span(input, "negative", hits[n]));
                }
            }
        }

        return evidence;
    }

    /// <summary>The first rival mentions of countries that are not parties: why a named BRICS country did not count.</summary>
    private void AddRivalEvidence(List<EvidenceSpan> evidence, ArticleInput input, ReadOnlySpan<Hit> names, in RivalSet rivals, List<int> parties)
    {
        var shown = 0;
        for (var h = 0; h < names.Length && shown < MaxEvidencePerKind; h++)
        {
            if (rivals.Contains(h) && _taxonomy.CountryOf(names[h].Pattern, names[h].Mask) is var country and >= 0 && !parties.Contains(country))
            {
                evidence.Add(Span(input, _taxonomy.Countries[country].RivalReason, names[h]));
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
