using BriWatch.Classifier.Terms;

namespace BriWatch.Classifier.Stories;

/// <summary>
/// MinHash over word bigrams (character bigrams for Chinese, which has no spaces) of the folded text, with LSH band
/// keys. 16 bands of 4 rows make pairs with Jaccard ≥ 0.7 (syndicated copies, light rewrites) candidates with
/// probability &gt; 98% while unrelated stories rarely share a band; candidates are then confirmed on the full signature.
/// </summary>
internal static class MinHashSketch
{
    public const int Size = 64;
    public const int Bands = 16;
    public const int Rows = Size / Bands;

    /// <summary>Estimated Jaccard similarity at which two articles are one story.</summary>
    public const double SameStory = 0.5;

    /// <summary>Below this many shingles (a bare headline) there is too little text to tell stories apart.</summary>
    private const int MinShingles = 8;

    private static readonly ulong[] Seeds = CreateSeeds();

    /// <summary>The signature, or null when the text is too short to fingerprint.</summary>
    public static ulong[]? Compute(string title, string text)
    {
        var mins = new ulong[Size];
        Array.Fill(mins, ulong.MaxValue);
        ulong previous = 0;
        var tokens = 0;
        var shingles = 0;
        foreach (var segment in (ReadOnlySpan<string>)[title, text])
        {
            var i = 0;
            while (i < segment.Length)
            {
                var c = segment[i];
                if (TextFolding.IsUnspacedScript(c))
                {
                    Add(Mix(TextFolding.Fold(c)), ref previous, ref tokens, ref shingles, mins);
                    i++;
                    continue;
                }

                if (!TextFolding.IsWordChar(c))
                {
                    i++;
                    continue;
                }

                var hash = 14695981039346656037UL;
                while (i < segment.Length && TextFolding.IsWordChar(segment[i]))
                {
                    hash = (hash ^ TextFolding.Fold(segment[i])) * 1099511628211UL;
                    i++;
                }

                Add(hash, ref previous, ref tokens, ref shingles, mins);
            }
        }

        return shingles >= MinShingles ? mins : null;
    }

    public static string[] BandKeys(IReadOnlyList<ulong> signature)
    {
        var keys = new string[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var hash = (ulong)b;
            for (var r = 0; r < Rows; r++)
            {
                hash = Mix(hash ^ signature[(b * Rows) + r]);
            }

            keys[b] = $"mh{b}:{hash:x16}";
        }

        return keys;
    }

    public static double Similarity(IReadOnlyList<ulong> a, IReadOnlyList<ulong> b)
    {
        if (a.Count != Size || b.Count != Size)
        {
            return 0;
        }

        var equal = 0;
        for (var i = 0; i < Size; i++)
        {
            equal += a[i] == b[i] ? 1 : 0;
        }

        return equal / (double)Size;
    }

    private static void Add(ulong token, ref ulong previous, ref int tokens, ref int shingles, ulong[] mins)
    {
        if (tokens++ > 0)
        {
            var shingle = Mix((previous * 0x9E3779B97F4A7C15UL) ^ token);
            for (var k = 0; k < Size; k++)
            {
                var value = Mix(shingle ^ Seeds[k]);
                if (value < mins[k])
                {
                    mins[k] = value;
                }
            }

            shingles++;
        }

        previous = token;
    }

    // SplitMix64 finaliser: cheap and well mixed, and stable across processes (unlike string.GetHashCode).
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong[] CreateSeeds()
    {
        var seeds = new ulong[Size];
        var state = 0x5EED_B21C_0000_0001UL;
        for (var i = 0; i < Size; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            seeds[i] = Mix(state);
        }

        return seeds;
    }
}
