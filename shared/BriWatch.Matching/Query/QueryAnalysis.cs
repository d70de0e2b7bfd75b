namespace BriWatch.Matching.Query;

/// <summary>Static facts about a query that let the index skip subscriptions that cannot match.</summary>
internal static class QueryAnalysis
{
    /// <summary>
    /// A set of which at least one value of <paramref name="field"/> must be present for any match, or null.
    /// AND needs one side to require it; OR needs both; NOT never guarantees presence.
    /// </summary>
    public static IReadOnlySet<string>? RequiredValues(QueryNode node, string field) => node switch
    {
        TermNode t when t.Field == field => new HashSet<string>(t.Values, StringComparer.OrdinalIgnoreCase),
        AndNode a => Smaller(RequiredValues(a.Left, field), RequiredValues(a.Right, field)),
        OrNode o => Union(RequiredValues(o.Left, field), RequiredValues(o.Right, field)),
        _ => null,
    };

    public static bool Uses(QueryNode node, Func<QueryNode, bool> predicate) => predicate(node) || node switch
    {
        AndNode a => Uses(a.Left, predicate) || Uses(a.Right, predicate),
        OrNode o => Uses(o.Left, predicate) || Uses(o.Right, predicate),
        NotNode n => Uses(n.Inner, predicate),
        _ => false,
    };

    private static IReadOnlySet<string>? Smaller(IReadOnlySet<string>? a, IReadOnlySet<string>? b) =>
        a is null ? b : b is null ? a : a.Count <= b.Count ? a : b;

    private static HashSet<string>? Union(IReadOnlySet<string>? a, IReadOnlySet<string>? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        var union = new HashSet<string>(a, StringComparer.OrdinalIgnoreCase);
        union.UnionWith(b);
        return union;
    }
}
