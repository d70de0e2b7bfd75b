namespace BriWatch.Classifier.Terms;

/// <summary>
/// Finds every taxonomy term in folded text in one pass: an Aho–Corasick automaton. Characters are first mapped to a small alphabet (chars that occur in no
/// pattern map to class 0 and reset the automaton), the root has a dense transition row, other states sorted sparse rows.
/// It needs no word spaces, so Chinese works the same as English; word boundaries are the caller's check.
/// </summary>
internal sealed class TermMatcher
{
    private readonly ushort[] _classOf;
    private readonly int[] _rootNext;
    private readonly int[] _edgeStart;
    private readonly ushort[] _edgeClass;
    private readonly int[] _edgeTarget;
    private readonly int[] _fail;
    private readonly int[] _output;
    private readonly int[] _outputLink;
    private readonly int[] _patternLength;

    private TermMatcher(ushort[] classOf, int[] rootNext, int[] edgeStart, ushort[] edgeClass, int[] edgeTarget, int[] fail, int[] output, int[] outputLink, int[] patternLength)
    {
        _classOf = classOf;
        _rootNext = rootNext;
        _edgeStart = edgeStart;
        _edgeClass = edgeClass;
        _edgeTarget = edgeTarget;
        _fail = fail;
        _output = output;
        _outputLink = outputLink;
        _patternLength = patternLength;
    }

    /// <param name="patterns">Distinct, non-empty, already folded patterns; a pattern's index is its id in matches.</param>
    public static TermMatcher Build(IReadOnlyList<string> patterns)
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

        var classOf = new ushort[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            classOf[i] = classByChar.GetValueOrDefault(TextFolding.Fold((char)i));
        }

        var children = new List<Dictionary<ushort, int>> { new() };
        var output = new List<int> { -1 };
        var patternLength = new int[patterns.Count];
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
            patternLength[p] = patterns[p].Length;
        }

        var count = children.Count;
        var fail = new int[count];
        var outputLink = new int[count];
        var queue = new Queue<int>();
        foreach (var child in children[0].Values)
        {
            queue.Enqueue(child);
        }

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

        var rootNext = new int[classByChar.Count + 1];
        foreach (var (cls, v) in children[0])
        {
            rootNext[cls] = v;
        }

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
            output.ToArray(),
            outputLink,
            patternLength);
    }

    public void Scan(ReadOnlySpan<char> text, ITermSink sink)
    {
        var classOf = _classOf;
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            int cls = classOf[text[i]];
            if (cls == 0)
            {
                state = 0;
                continue;
            }

            state = Next(state, cls);
            var o = _output[state] >= 0 ? state : _outputLink[state];
            while (o != 0)
            {
                var p = _output[o];
                sink.OnTerm(p, i + 1 - _patternLength[p], i + 1);
                o = _outputLink[o];
            }
        }
    }

    private int Next(int state, int cls)
    {
        while (state != 0)
        {
            var lo = _edgeStart[state];
            var hi = _edgeStart[state + 1] - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                var c = _edgeClass[mid];
                if (c == cls)
                {
                    return _edgeTarget[mid];
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

            state = _fail[state];
        }

        return _rootNext[cls];
    }
}
