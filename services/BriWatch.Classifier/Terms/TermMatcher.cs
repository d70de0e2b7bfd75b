namespace BriWatch.Classifier.Terms;

/// <summary>
/// Finds every taxonomy term in folded text in one pass: an Aho–Corasick automaton. Characters are first mapped to a small alphabet (chars that occur in no
/// pattern map to class 0 and reset the automaton), the root has a dense transition row, other states sorted sparse rows.
/// It needs no word spaces, so Chinese works the same as English; word boundaries are the caller's check.
/// </summary>
internal sealed class TermMatcher
{
    private readonly ushort[] classOf;
    private readonly int[] rootNext;
    private readonly int[] edgeStart;
    private readonly ushort[] edgeClass;
    private readonly int[] edgeTarget;
    private readonly int[] fail;
    private readonly int[] output;
    private readonly int[] outputLink;
    private readonly int[] patternLength;

    private TermMatcher(ushort[] classOf, int[] rootNext, int[] edgeStart, ushort[] edgeClass, int[] edgeTarget, int[] fail, int[] output, int[] outputLink, int[] patternLength)
    {
        this.classOf = classOf;
        this.rootNext = rootNext;
        this.edgeStart = edgeStart;
        this.edgeClass = edgeClass;
        this.edgeTarget = edgeTarget;
        this.fail = fail;
        this.output = output;
        this.outputLink = outputLink;
        this.patternLength = patternLength;
    }

    /// <param name="patterns">Distinct, non-empty, already folded patterns; a pattern's index is its id in matches.</param>
    public static TermMatcher Build(IReadOnlyList<string> patterns)
    {
        var classByChar = NumberCharacters(patterns);
        var classOf = new ushort[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            classOf[i] = classByChar.GetValueOrDefault(TextFolding.Fold((char)i));
        }

        var (children, output) = BuildTrie(patterns, classByChar);
        var (fail, outputLink) = LinkFailures(children, output);
        var rootNext = new int[classByChar.Count + 1];
        foreach (var (cls, v) in children[0])
        {
            rootNext[cls] = v;
        }

        // Every other state's edges, sorted by class, side by side in two arrays: state s owns edgeStart[s]..edgeStart[s + 1].
        var count = children.Count;
        var edgeStart = new int[count + 1];
        var edges = new List<(ushort Class, int Target)>();
        for (var s = 0; s < count; s++)
        {
            edgeStart[s] = edges.Count;
            if (s != 0)
            {
                edges.AddRange(children[s].Select(kv => (kv.Key, kv.Value)).OrderBy(e => e.Key));
            }
        }

        edgeStart[count] = edges.Count;
        return new TermMatcher(
            classOf,
            rootNext,
            edgeStart,
            edges.Select(e => e.Class).ToArray(),
            edges.Select(e => e.Target).ToArray(),
            fail,
            output,
            outputLink,
            [.. patterns.Select(p => p.Length)]);
    }

    /// <summary>Numbers the distinct characters of the patterns from 1 (class 0 is every other character).</summary>
    private static Dictionary<char, ushort> NumberCharacters(IReadOnlyList<string> patterns)
    {
        var classByChar = new Dictionary<char, ushort>();
        foreach (var pattern in patterns)
        {
            if (pattern.Length == 0)
            {
                throw new ArgumentException("Patterns must not be empty.", nameof(patterns));
            }

            foreach (var c in pattern)
            {
                if (!classByChar.ContainsKey(c))
                {
                    if (classByChar.Count == ushort.MaxValue - 1)
                    {
                        throw new ArgumentException("Patterns use more distinct characters than the matcher supports.", nameof(patterns));
                    }

                    classByChar[c] = (ushort)(classByChar.Count + 1);
                }
            }
        }

        return classByChar;
    }

    /// <summary>The trie of the patterns: each state's children by character class, and the pattern each state ends (-1: none).</summary>
    private static (List<Dictionary<ushort, int>> Children, int[] Output) BuildTrie(IReadOnlyList<string> patterns, Dictionary<char, ushort> classByChar)
    {
        var children = new List<Dictionary<ushort, int>> { new() };
        var output = new List<int> { -1 };
        for (var p = 0; p < patterns.Count; p++)
        {
            var state = 0;
            foreach (var c in patterns[p])
            {
                var cls = classByChar[c];
                if (!children[state].TryGetValue(cls, out var next))
                {
                    next = children.Count;
                    children.Add([]);
                    output.Add(-1);
                    children[state][cls] = next;
                }

                state = next;
            }

            if (output[state] >= 0)
            {
                throw new ArgumentException($"Pattern '{patterns[p]}' is listed twice.", nameof(patterns));
            }

            output[state] = p;
        }

        return (children, [.. output]);
    }

    /// <summary>
    /// Each state's failure link (the longest proper suffix that is also a trie state) and output link (the nearest state
    /// on its failure chain that ends a pattern; 0: none), breadth first.
    /// </summary>
    private static (int[] Fail, int[] OutputLink) LinkFailures(List<Dictionary<ushort, int>> children, int[] output)
    {
        var fail = new int[children.Count];
        var outputLink = new int[children.Count];
        var queue = new Queue<int>(children[0].Values);
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            foreach (var (cls, v) in children[u])
            {
                var f = fail[u];
                int target;
                while (true)
                {
                    if (children[f].TryGetValue(cls, out target) && target != v)
                    {
                        break;
                    }

                    if (f == 0)
                    {
                        target = 0;
                        break;
                    }

                    f = fail[f];
                }

                fail[v] = target;
                outputLink[v] = output[target] >= 0 ? target : outputLink[target];
                queue.Enqueue(v);
            }
        }

        return (fail, outputLink);
    }

    public void Scan(ReadOnlySpan<char> text, ITermSink sink)
    {
        var classes = classOf;
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            int cls = classes[text[i]];
            if (cls == 0)
            {
                state = 0;
                continue;
            }

            state = Next(state, cls);
            var o = output[state] >= 0 ? state : outputLink[state];
            while (o != 0)
            {
                var p = output[o];
                sink.OnTerm(p, i + 1 - patternLength[p], i + 1);
                o = outputLink[o];
            }
        }
    }

    private int Next(int state, int cls)
    {
        while (state != 0)
        {
            var lo = edgeStart[state];
            var hi = edgeStart[state + 1] - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                var c = edgeClass[mid];
                if (c == cls)
                {
                    return edgeTarget[mid];
                }

                if (c < cls)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            state = fail[state];
        }

        return rootNext[cls];
    }
}
