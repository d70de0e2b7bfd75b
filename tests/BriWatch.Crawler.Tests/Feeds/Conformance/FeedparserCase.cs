using System.Text;
using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Tests.Feeds.Conformance;

/// <summary>One feedparser test document with its header comment: <c>Description</c>, <c>Expect</c> and optional <c>Header</c> lines.</summary>
internal sealed partial record FeedparserCase(string Path, string Category, string? Expect, string? ContentType, string? ContentLocation)
{
    public static FeedparserCase Load(string root, string path)
    {
        var relative = System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');
        var parts = relative.Split('/');
        var category = parts[0] is "wellformed" or "illformed" && parts.Length > 2 ? parts[1] : parts[0];
        // The header comment is ASCII in every case; reading it as Latin-1 never fails whatever the document's encoding.
        var head = Encoding.Latin1.GetString(File.ReadAllBytes(path).AsSpan(0, (int)Math.Min(4096, new FileInfo(path).Length)));
        string? expect = null;
        string? contentType = null;
        string? location = null;
        foreach (Match m in HeaderLine().Matches(head))
        {
            var value = m.Groups["value"].Value.Trim();
            switch (m.Groups["key"].Value)
            {
                case "Expect":
                    expect = value;
                    break;
                case "Header" when value.StartsWith("Content-type:", StringComparison.OrdinalIgnoreCase):
                    contentType = value["Content-type:".Length..].Trim();
                    break;
                case "Header" when value.StartsWith("Content-Location:", StringComparison.OrdinalIgnoreCase):
                    location = value["Content-Location:".Length..].Trim();
                    break;
            }
        }

        return new FeedparserCase(relative, category, expect, contentType, location);
    }

    [GeneratedRegex(@"^\s*(?<key>Expect|Header):\s*(?<value>.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex HeaderLine();
}
