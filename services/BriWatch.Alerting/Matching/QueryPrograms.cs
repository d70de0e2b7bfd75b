using BriWatch.Matching;
using BriWatch.Matching.Query;

namespace BriWatch.Alerting.Matching;

/// <summary>
/// Queries compiled to postfix programs over shared atoms (one atom per distinct field test, term or phrase).
/// Each atom is evaluated at most once per article however many queries use it, and a program is one small
/// array, so evaluating a query costs a handful of array reads instead of a walk over scattered tree nodes.
/// </summary>
internal sealed class QueryPrograms
{
    private const int And = -1;
    private const int Or = -2;
    private const int Not = -3;

    // Per-thread memo of atom results for the current article: valid where atomStamps[a] == the article's stamp.
    [ThreadStatic]
    private static int[]? atomStamps;

    [ThreadStatic]
    private static bool[]? atomResults;

    private readonly Dictionary<string, int> atomIds = new(StringComparer.Ordinal);
    private readonly List<QueryNode> atoms = [];
    private readonly List<int[]> programs = [];

    public int Count => programs.Count;

    /// <summary>Compiles <paramref name="query"/> and returns its program id.</summary>
    public int Add(SubscriptionQuery query)
    {
        var ops = new List<int>();
        Emit(query.Root, ops);
        programs.Add([.. ops]);
        return programs.Count - 1;
    }

    /// <summary>Makes the per-thread memo ready for the next article; after the stamp wrapped, old entries are cleared.</summary>
    public void Prepare(bool stampWrapped)
    {
        if (atomStamps is null || atomStamps.Length < atoms.Count)
        {
            atomStamps = new int[atoms.Count];
            atomResults = new bool[atoms.Count];
        }
        else if (stampWrapped)
        {
            Array.Clear(atomStamps);
        }
    }

    public bool Evaluate(int programId, MatchDocument document, int stamp)
    {
        var program = programs[programId];
        var stamps = atomStamps!;
        var results = atomResults!;
        Span<bool> stack = program.Length <= 128 ? stackalloc bool[program.Length] : new bool[program.Length];
        var top = -1;
        foreach (var op in program)
        {
            switch (op)
            {
                case And:
                    top--;
                    stack[top] = stack[top] && stack[top + 1];
                    break;
                case Or:
                    top--;
                    stack[top] = stack[top] || stack[top + 1];
                    break;
                case Not:
                    stack[top] = !stack[top];
                    break;
                default:
                    if (stamps[op] != stamp)
                    {
                        results[op] = atoms[op].Matches(document);
                        stamps[op] = stamp;
                    }

                    stack[++top] = results[op];
                    break;
            }
        }

        return stack[0];
    }

    private void Emit(QueryNode node, List<int> ops)
    {
        switch (node)
        {
            case AndNode a:
                Emit(a.Left, ops);
                Emit(a.Right, ops);
                ops.Add(And);
                break;
            case OrNode o:
                Emit(o.Left, ops);
                Emit(o.Right, ops);
                ops.Add(Or);
                break;
            case NotNode n:
                Emit(n.Inner, ops);
                ops.Add(Not);
                break;
            default:
                ops.Add(AtomId(node));
                break;
        }
    }

    private int AtomId(QueryNode leaf)
    {
        var key = leaf switch
        {
            TermNode t => $"{t.Field}:{string.Join('\u001F', t.Values.Select(v => v.ToUpperInvariant()))}",
            CompareNode c => $"{c.Field}{c.Operator}{c.Value:R}",
            OfficialNode o => $"official:{o.Value}",
            TextNode x => "text:" + x.Text.ToLowerInvariant(),
            _ => throw new InvalidOperationException($"Query node {leaf.GetType().Name} is not a leaf."),
        };
        if (!atomIds.TryGetValue(key, out var id))
        {
            atomIds[key] = id = atoms.Count;
            atoms.Add(leaf);
        }

        return id;
    }
}
