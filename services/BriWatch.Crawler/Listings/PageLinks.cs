using System.Net;

namespace BriWatch.Crawler.Listings;

/// <summary>Turns the references a page links to into absolute http(s) URLs and decides which belong to the same site.</summary>
internal static class PageLinks
{
    // Country-code domains often register names under a generic second level (mofcom.gov.cn, gov.br, co.za, org.ru).
    private static readonly HashSet<string> SecondLevels = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "net", "org", "gov", "edu", "ac", "co", "mil", "int", "gob", "go", "or", "ne", "nic",
    };

    /// <summary>The absolute http(s) URL <paramref name="href"/> points to, or null for other schemes and unusable values.</summary>
    public static Uri? Resolve(Uri baseUri, string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        var trimmed = href.Trim();
        Uri? resolved;
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute) && !(absolute.IsFile && trimmed.StartsWith('/')))
        {
            resolved = absolute;
        }
        else if (Uri.TryCreate(trimmed, UriKind.Relative, out var relative))
        {
            // Combine with a relative Uri: on Unix the string overload takes "/path" for an absolute file path.
            Uri.TryCreate(baseUri, relative, out resolved);
        }
        else
        {
            resolved = null;
        }

        return resolved is { Scheme: "http" or "https" } ? resolved : null;
    }

    /// <summary>The URL without its fragment: two links to one page with different anchors are one article.</summary>
    public static string Key(Uri url) => url.GetLeftPart(UriPartial.Query);

    public static bool SameSite(Uri a, Uri b) => string.Equals(Site(a.IdnHost), Site(b.IdnHost), StringComparison.OrdinalIgnoreCase);

    private static string Site(string host)
    {
        if (IPAddress.TryParse(host, out _))
        {
            return host;
        }

        var labels = host.TrimEnd('.').Split('.');
        if (labels.Length <= 2)
        {
            return host;
        }

        var keep = labels[^1].Length == 2 && SecondLevels.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels[^keep..]);
    }
}
