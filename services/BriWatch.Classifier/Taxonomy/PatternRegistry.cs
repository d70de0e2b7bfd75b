using BriWatch.Classifier.Terms;

namespace BriWatch.Classifier.Taxonomy;

/// <summary>
/// Turns taxonomy terms into folded matcher patterns. Term syntax (seeds/taxonomy/README.md): a trailing <c>*</c> drops
/// the right word boundary (prefix match), a leading <c>*</c> drops the left one, a leading <c>=</c> matches the exact case,
/// and an inner <c>word*</c> expands with the language's endings (at most two such words per term).
/// </summary>
internal sealed class PatternRegistry
{
    private const int MaxEntriesPerPattern = 32;
    private readonly Dictionary<string, List<TermEntry>> entries = new(StringComparer.Ordinal);

    public int Count => entries.Count;

    public void Add(string term, TermKind kind, int id, IReadOnlyList<string> endings, string where)
    {
        var body = term.Trim();
        var exact = body.StartsWith('=');
        if (exact)
        {
            body = body[1..];
        }

        var leftOpen = body.StartsWith('*');
        var rightOpen = body.EndsWith('*');
        body = body.Trim('*').Trim();
        if (body.Length == 0)
        {
            throw new InvalidDataException($"{where}: empty term '{term}'.");
        }

        foreach (var expanded in Expand(body, endings, term, where))
        {
            var folded = TextFolding.Fold(expanded);
            var flags = exact ? TermFlags.ExactCase : TermFlags.None;
            if (!leftOpen && TextFolding.IsWordChar(folded[0]) && !IsArabic(folded[0]))
            {
                flags |= TermFlags.LeftBoundary;
            }

            if (!rightOpen && TextFolding.IsWordChar(folded[^1]) && !IsArabic(folded[^1]))
            {
                flags |= TermFlags.RightBoundary;
            }

            var entry = new TermEntry(kind, checked((short)id), flags, exact ? expanded : null);
            if (!entries.TryGetValue(folded, out var list))
            {
                list = [];
                entries[folded] = list;
            }

            if (!list.Contains(entry))
            {
                if (list.Count == MaxEntriesPerPattern)
                {
                    throw new InvalidDataException($"{where}: term '{term}' has more than {MaxEntriesPerPattern} meanings.");
                }

                list.Add(entry);
            }
        }
    }

    public (TermMatcher Matcher, string[] Patterns, TermEntry[][] Entries) Compile()
    {
        var patterns = entries.Keys.ToArray();
        return (TermMatcher.Build(patterns), patterns, patterns.Select(p => entries[p].ToArray()).ToArray());
    }

    private static bool IsArabic(char c) => c is >= '\u0600' and <= '\u06FF';

    private static IEnumerable<string> Expand(string body, IReadOnlyList<string> endings, string term, string where)
    {
        var words = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var starred = 0;
        foreach (var word in words)
        {
            var inner = word.TrimEnd('*');
            if (inner.Contains('*', StringComparison.Ordinal) || inner.Length == 0)
            {
                throw new InvalidDataException($"{where}: term '{term}' has '*' inside a word; only word ends may carry it.");
            }

            if (word.EndsWith('*'))
            {
                starred++;
            }
        }

        if (starred > 2)
        {
            throw new InvalidDataException($"{where}: term '{term}' has more than two inner starred words; list the forms instead.");
        }

        IEnumerable<string> forms = [""];
        foreach (var word in words)
        {
            var stem = word.TrimEnd('*');
            IEnumerable<string> options = word.EndsWith('*') ? endings.Select(e => stem + e) : [stem];
            forms = forms.SelectMany(prefix => options.Select(o => prefix.Length == 0 ? o : prefix + " " + o)).ToList();
        }

        return forms.Distinct(StringComparer.Ordinal);
    }
}
