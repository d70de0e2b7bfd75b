using BriWatch.Matching.Query;

namespace BriWatch.Matching.Indexing;

/// <summary>
/// Queries compiled to postfix programs over shared atoms (one atom per distinct field test, term or phrase), all
/// in one flat code array. Plain words are looked up once per article, by splitting its text and marking every query
/// word found, so a word costs a bit read however many queries use it; other atoms are evaluated at most once per
/// article, on first use.
/// </summary>
internal sealed class QueryPrograms
{
    private const int And = -1;
    private const int Or = -2;
    private const int Not = -3;

    // Word w is op WordBase - w, below the operators.
    private const int WordBase = -4;

    private readonly Dictionary<string, int> atomIds = new(StringComparer.Ordinal);
    private readonly List<QueryNode> atoms = [];
    private readonly Dictionary<string, int> wordIds = new(StringComparer.Ordinal);
    private readonly List<int> code = [];
    private QueryNode[] atomArray = [];
    private int[] codeArray = [];
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> wordLookup;

    /// <summary>Atoms other than plain words.</summary>
    public int AtomCount => atoms.Count;

    public int WordCount => wordIds.Count;

    /// <summary>Compiles <paramref name="query"/> and returns where its program starts (with its length, then its operations).</summary>
    public int Add(SubscriptionQuery query)
    {
        var start = code.Count;
        code.Add(0);
        Emit(query.Root);
        code[start] = code.Count - start - 1;
        return start;
    }

    /// <summary>Freezes what <see cref="Add"/> compiled into the arrays matching reads.</summary>
    public QueryPrograms Seal()
    {
        atomArray = [.. atoms];
        codeArray = [.. code];
        wordLookup = wordIds.GetAlternateLookup<ReadOnlySpan<char>>();
        return this;
    }

    /// <summary>The id of a plain word, lower-cased, as <see cref="FindWords"/> reports it.</summary>
    public int WordId(string needle)
    {
        if (!wordIds.TryGetValue(needle, out var id))
        {
            wordIds[needle] = id = wordIds.Count;
        }

        return id;
    }

    /// <summary>Records in <paramref name="scratch"/> every query word that is a word of the document's text.</summary>
    public void FindWords(MatchDocument document, MatchScratch scratch)
    {
        if (wordIds.Count == 0)
        {
            return;
        }

        var text = document.Text;
        var position = 0;
        while (MatchDocument.NextWord(text, ref position, out var start, out var length))
        {
            if (wordLookup.TryGetValue(text.AsSpan(start, length), out var id) && !MatchScratch.Get(scratch.Words, id))
            {
                MatchScratch.Set(scratch.Words, id);
                scratch.FoundWords.Add(id);
            }
        }
    }

    /// <summary>Runs the program at <paramref name="start"/>; <see cref="FindWords"/> must have run for this document and scratch.</summary>
    public bool Evaluate(int start, MatchDocument document, MatchScratch scratch)
    {
        // The operand stack is a bit string, top in bit 0: Emit keeps every program within 64 levels.
        var stack = 0UL;
        var words = scratch.Words;
        foreach (var op in codeArray.AsSpan(start + 1, codeArray[start]))
        {
            switch (op)
            {
                case And:
                    stack = (stack >> 1) & (~1UL | stack);
                    break;
                case Or:
                    stack = (stack >> 1) | (stack & 1);
                    break;
                case Not:
                    stack ^= 1;
                    break;
                case <= WordBase:
                    stack = (stack << 1) | (MatchScratch.Get(words, WordBase - op) ? 1UL : 0UL);
                    break;
                default:
                    stack = (stack << 1) | (Atom(op, document, scratch) ? 1UL : 0UL);
                    break;
            }
        }

        return (stack & 1) != 0;
    }

    private bool Atom(int atom, MatchDocument document, MatchScratch scratch)
    {
        var result = scratch.AtomResult;
        if (MatchScratch.Get(scratch.AtomDone, atom))
        {
            return MatchScratch.Get(result, atom);
        }

        MatchScratch.Set(scratch.AtomDone, atom);
        if (atomArray[atom].Matches(document))
        {
            MatchScratch.Set(result, atom);
            return true;
        }

        return false;
    }

    // Operands are pure, so AND and OR may run their deeper side first; doing so keeps the stack within
    // log2(leaves) + 1 levels, which no parseable query takes past 64.
    private void Emit(QueryNode node)
    {
        switch (node)
        {
            case AndNode a:
                EmitBoth(a.Left, a.Right);
                code.Add(And);
                break;
            case OrNode o:
                EmitBoth(o.Left, o.Right);
                code.Add(Or);
                break;
            case NotNode n:
                Emit(n.Inner);
                code.Add(Not);
                break;
            case TermNode { Values.Count: > 1 } term:
                // One atom per value: the few topics and countries then cover every subscription's lists, each tested
                // once per article, instead of one rarely shared atom per list walked from scattered objects.
                Emit(term with { Values = [term.Values[0]] });
                for (var v = 1; v < term.Values.Count; v++)
                {
                    Emit(term with { Values = [term.Values[v]] });
                    code.Add(Or);
                }

                break;
            case TextNode { IsWord: true } word:
                code.Add(WordBase - WordId(word.Needle));
                break;
            default:
                code.Add(AtomId(node));
                break;
        }
    }

    private void EmitBoth(QueryNode left, QueryNode right)
    {
        var (first, second) = Depth(left) >= Depth(right) ? (left, right) : (right, left);
        Emit(first);
        Emit(second);
    }

    private static int Depth(QueryNode node) => node switch
    {
        AndNode a => Combined(Depth(a.Left), Depth(a.Right)),
        OrNode o => Combined(Depth(o.Left), Depth(o.Right)),
        NotNode n => Depth(n.Inner),
        TermNode { Values.Count: > 1 } => 2,
        _ => 1,
    };

    private static int Combined(int first, int second) => first == second ? first + 1 : Math.Max(first, second);

    private int AtomId(QueryNode leaf)
    {
        var key = leaf switch
        {
            TermNode t => $"{t.Field}:{string.Join('\u001F', t.Values.Select(v => v.ToUpperInvariant()))}",
            CompareNode c => $"{c.Field}{c.Operator}{c.Value:R}",
            OfficialNode o => $"official:{o.Value}",
            TextNode x => "text:" + x.Needle,
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
