namespace BriWatch.Matching.Vocabulary;

/// <summary>The "did you mean" for a value that is not one of a fixed set.</summary>
public static class Suggestions
{
    /// <summary>
    /// The closest ids to <paramref name="value"/>, best first: within a small edit distance (a typo, "energy-new"),
    /// else ids the value contains (in its order: "signed_mou" → signed, mou) or that contain it, else terms whose description has
    /// it as a word ("evs" → energy_new, whose description mentions EVs). Empty when nothing is close.
    /// </summary>
    public static IReadOnlyList<string> For(string value, IEnumerable<VocabularyTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(value);
        var candidates = terms.ToList();
        var wanted = value.ToLowerInvariant();

        var nearest = candidates
            .Select(t => (t.Id, Distance: Distance(wanted, t.Id.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(wanted.Length, c.Id.Length) / 3))
            .OrderBy(c => c.Distance)
            .ToList();
        if (nearest.Count > 0)
        {
            return [.. nearest.Where(c => c.Distance == nearest[0].Distance).Select(c => c.Id)];
        }

        var overlapping = candidates
            .Where(t => t.Id.Length >= 3 && wanted.Length >= 3 && (wanted.Contains(t.Id, StringComparison.OrdinalIgnoreCase) || t.Id.Contains(wanted, StringComparison.OrdinalIgnoreCase)))
            .Select(t => t.Id)
            .OrderBy(id => Math.Max(0, wanted.IndexOf(id, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (overlapping.Count > 0)
        {
            return overlapping;
        }

        return [.. candidates.Where(t => Words(t.Description).Contains(wanted)).Select(t => t.Id)];
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static HashSet<string> Words(string text) =>
        new(text.ToLowerInvariant().Split([' ', ',', '.', ':', ';', '(', ')'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
