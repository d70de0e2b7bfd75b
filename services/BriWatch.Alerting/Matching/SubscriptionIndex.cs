using BriWatch.Alerting.Matching.Query;
using BriWatch.Contracts;
using BriWatch.Storage.Subscriptions;

namespace BriWatch.Alerting.Matching;

/// <summary>
/// An immutable inverted index over subscriptions, keyed by (topic, country) with <c>*</c> for "any". Each
/// subscription is posted under the topics and countries it requires (its filters, or what its query makes
/// necessary), so an article only visits the subscriptions that share one of its topic/country pairs.
/// </summary>
public sealed class SubscriptionIndex
{
    private const string Any = "*";

    private readonly IndexedSubscription[] subscriptions;
    private readonly Dictionary<(string Topic, string Country), int[]> postings;

    private SubscriptionIndex(IndexedSubscription[] subscriptions, Dictionary<(string Topic, string Country), int[]> postings)
    {
        this.subscriptions = subscriptions;
        this.postings = postings;
    }

    public static SubscriptionIndex Empty { get; } = new([], []);

    public int Count => subscriptions.Length;

    /// <param name="subscriptions">Subscriptions with their parsed queries (see <see cref="SubscriptionIndexBuilder"/>).</param>
    public static SubscriptionIndex Build(IReadOnlyList<IndexedSubscription> subscriptions)
    {
        var lists = new Dictionary<(string, string), List<int>>();
        for (var i = 0; i < subscriptions.Count; i++)
        {
            var s = subscriptions[i];
            var topics = Keys(s.Subscription.Topics, s.Query?.RequiredTopics, static t => t.ToLowerInvariant());
            var countries = Keys(s.Subscription.Countries, s.Query?.RequiredCountries, static c => c.ToUpperInvariant());
            foreach (var topic in topics)
            {
                foreach (var country in countries)
                {
                    if (!lists.TryGetValue((topic, country), out var list))
                    {
                        lists[(topic, country)] = list = [];
                    }

                    list.Add(i);
                }
            }
        }

        return new SubscriptionIndex([.. subscriptions], lists.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }

    /// <summary>Subscriptions the postings say could match, before filters and queries are evaluated.</summary>
    public IReadOnlyList<IndexedSubscription> Candidates(ArticleClassified article)
    {
        var seen = new HashSet<int>();
        var result = new List<IndexedSubscription>();
        foreach (var topic in WithAny(article.Topics, static t => t.ToLowerInvariant()))
        {
            foreach (var country in WithAny(article.Countries, static c => c.ToUpperInvariant()))
            {
                if (!postings.TryGetValue((topic, country), out var posting))
                {
                    continue;
                }

                foreach (var i in posting)
                {
                    if (seen.Add(i))
                    {
                        result.Add(subscriptions[i]);
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Every subscription whose filters and query hold for <paramref name="document"/>.</summary>
    public List<IndexedSubscription> Match(MatchDocument document)
    {
        var matched = new List<IndexedSubscription>();
        foreach (var candidate in Candidates(document.Article))
        {
            if (candidate.Matches(document))
            {
                matched.Add(candidate);
            }
        }

        return matched;
    }

    private static IEnumerable<string> Keys(IReadOnlyList<string> filter, IReadOnlySet<string>? fromQuery, Func<string, string> normalize)
    {
        // Both constraints must hold, so posting under the smaller one is enough and keeps postings short.
        IEnumerable<string>? required = filter.Count > 0 ? filter : null;
        if (fromQuery is not null && (required is null || fromQuery.Count < filter.Count))
        {
            required = fromQuery;
        }

        return required is null ? [Any] : required.Select(normalize).Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> WithAny(IReadOnlyList<string> values, Func<string, string> normalize)
    {
        yield return Any;
        foreach (var value in values.Select(normalize).Distinct(StringComparer.Ordinal))
        {
            yield return value;
        }
    }
}
