using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Pipeline;

/// <summary>
/// What the term hits of one article add up to: weight and first hit per topic and per country, cooperation and
/// off-topic cues, stage cues and the entities named. A title hit weighs double. Its counters are spans the caller
/// allocates on its stack, so a classification allocates nothing per topic or country.
/// </summary>
internal ref struct HitTally
{
    private const double TitleWeight = 2;
    private const int MaxEntities = 24;

    private readonly CompiledTaxonomy taxonomy;
    private readonly Span<bool> entitySeen;
    private List<EntityMention>? entities;

    /// <param name="stageCount">One slot per stage and a last one that counts intent cues.</param>
    /// <param name="negativeFirst">The first two off-topic hits.</param>
    public HitTally(
        CompiledTaxonomy taxonomy,
        Span<double> topicWeight,
        Span<int> topicFirst,
        Span<double> countryWeight,
        Span<int> countryFirst,
        Span<int> stageCount,
        Span<bool> entitySeen,
        Span<int> negativeFirst)
    {
        this.taxonomy = taxonomy;
        this.entitySeen = entitySeen;
        TopicWeight = topicWeight;
        TopicFirst = topicFirst;
        CountryWeight = countryWeight;
        CountryFirst = countryFirst;
        StageCount = stageCount;
        NegativeFirst = negativeFirst;
        topicFirst.Fill(-1);
        countryFirst.Fill(-1);
        negativeFirst.Fill(-1);
    }

    public Span<double> TopicWeight { get; }

    public Span<int> TopicFirst { get; }

    public Span<double> CountryWeight { get; }

    public Span<int> CountryFirst { get; }

    public Span<int> StageCount { get; }

    public Span<int> NegativeFirst { get; }

    public double Cooperation { get; private set; }

    public int CooperationFirst { get; private set; } = -1;

    public double Negative { get; private set; }

    public readonly IReadOnlyList<EntityMention> Entities => (IReadOnlyList<EntityMention>?)entities ?? [];

    /// <summary>Counts every entry of every hit; a country named as a rival (<paramref name="rivals"/>) is no party.</summary>
    public void Add(ReadOnlySpan<Hit> hits, int titleLength, in RivalSet rivals)
    {
        for (var h = 0; h < hits.Length; h++)
        {
            var hit = hits[h];
            var weight = hit.Start < titleLength ? TitleWeight : 1;
            var entries = taxonomy.EntriesByPattern[hit.Pattern];
            for (var e = 0; e < entries.Length; e++)
            {
                if ((hit.Mask & (1u << e)) != 0)
                {
                    Add(entries[e], hit, h, weight, rivals);
                }
            }
        }
    }

    private void Add(TermEntry entry, Hit hit, int h, double weight, in RivalSet rivals)
    {
        switch (entry.Kind)
        {
            case TermKind.Topic:
                Count(TopicWeight, TopicFirst, entry.Id, weight, h);
                break;
            case TermKind.Country when !rivals.Contains(h):
                if (CountryFirst[entry.Id] < 0)
                {
                    AddEntity("place", taxonomy.Countries[entry.Id].Name, hit);
                }

                Count(CountryWeight, CountryFirst, entry.Id, weight, h);
                break;
            case TermKind.Entity:
                AddEntity(taxonomy.Entities[entry.Id], entry.Id, hit, h, weight, rivals.Contains(h));
                break;
            case TermKind.Cooperation:
                Cooperation += weight;
                CooperationFirst = CooperationFirst < 0 ? h : CooperationFirst;
                break;
            case TermKind.Negative:
                Negative += weight;
                if (NegativeFirst[0] < 0)
                {
                    NegativeFirst[0] = h;
                }
                else if (NegativeFirst[1] < 0)
                {
                    NegativeFirst[1] = h;
                }

                break;
            case TermKind.Stage:
                StageCount[entry.Id]++;
                break;
        }
    }

    /// <summary>An organisation or project counts for its topics, its framing and (unless named as a rival) its countries.</summary>
    private void AddEntity(EntityInfo info, int id, Hit hit, int h, double weight, bool isRival)
    {
        if (!entitySeen[id])
        {
            entitySeen[id] = true;
            AddEntity(info.Kind, info.Name, hit);
        }

        foreach (var t in info.Topics)
        {
            Count(TopicWeight, TopicFirst, t, weight, h);
        }

        if (!isRival)
        {
            foreach (var c in info.Countries)
            {
                Count(CountryWeight, CountryFirst, c, weight, h);
            }
        }

        if (info.Framing >= 0)
        {
            Count(TopicWeight, TopicFirst, info.Framing, weight, h);
        }
    }

    private void AddEntity(string kind, string name, Hit hit)
    {
        entities ??= new List<EntityMention>(8);
        if (entities.Count < MaxEntities)
        {
            entities.Add(new EntityMention(kind, name, hit.Start, hit.Length));
        }
    }

    private static void Count(Span<double> weights, Span<int> first, int index, double weight, int hit)
    {
        weights[index] += weight;
        if (first[index] < 0)
        {
            first[index] = hit;
        }
    }
}
