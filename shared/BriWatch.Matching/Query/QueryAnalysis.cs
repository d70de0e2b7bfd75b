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

    /// <summary>
    /// Plain words (<see cref="TextNode.IsWord"/>) of which at least one must be in the text for any match, or null;
    /// combined as in <see cref="RequiredValues"/>.
    /// </summary>
    public static IReadOnlySet<string>? RequiredWords(QueryNode node) => node switch
    {
        TextNode { IsWord: true } t => new HashSet<string>([t.Needle], StringComparer.Ordinal),
        AndNode a => Smaller(RequiredWords(a.Left), RequiredWords(a.Right)),
        OrNode o => RequiredWords(o.Left) is { } l && RequiredWords(o.Right) is { } r ? new HashSet<string>([.. l, .. r], StringComparer.Ordinal) : null,
        _ => null,
    };

    /// <summary>
    /// A score no match falls below (<c>score&gt;=</c> or <c>score&gt;</c>), or null. AND takes the higher bound of its
    /// sides; OR needs both sides bounded and takes the lower; NOT never bounds.
    /// </summary>
    public static double? LowestScore(QueryNode node) => node switch
    {
        CompareNode { Field: QueryFields.Score, Operator: ">=" or ">" } c => c.Value,
        AndNode a => (LowestScore(a.Left), LowestScore(a.Right)) switch
        {
            ({ } l, { } r) => Math.Max(l, r),
            (var l, var r) => l ?? r,
        },
        OrNode o => LowestScore(o.Left) is { } l && LowestScore(o.Right) is { } r ? Math.Min(l, r) : null,
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
