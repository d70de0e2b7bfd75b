using System.Text;

namespace BriWatch.Crawler.Items;

/// <summary>
/// One URL per article: the same story linked with tracking parameters, a fragment, a default port, or as its AMP or
/// mobile variant (amp./m. hosts, /amp paths, the Google AMP cache) is one item.
/// </summary>
public static class UrlCanonicalizer
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid",
        "_ga", "_gl", "ref_src", "spm", "cmpid", "ocid", "__twitter_impression", "at_medium", "at_campaign",
    };

    /// <summary>The canonical form of an absolute http(s) URL, or null when <paramref name="url"/> is not one.</summary>
    public static string? Canonicalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        if (FromAmpCache(uri) is { } original)
        {
            uri = original;
        }

        var sb = new StringBuilder();
        sb.Append(uri.Scheme).Append("://").Append(WithoutVariantPrefix(uri.IdnHost.ToLowerInvariant()));
        if (!uri.IsDefaultPort)
        {
            sb.Append(':').Append(uri.Port);
        }

        sb.Append(WithoutAmpPath(uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath));
        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !IsTracking(pair.Split('=', 2)[0]) && !IsAmpSwitch(pair))
            .ToList();
        if (query.Count > 0)
        {
            sb.Append('?').AppendJoin('&', query);
        }

        return sb.ToString();
    }

    /// <summary><c>https://example-org.cdn.ampproject.org/c/s/example.org/a</c> → <c>https://example.org/a</c>.</summary>
    private static Uri? FromAmpCache(Uri uri)
    {
        if (!uri.Host.EndsWith(".cdn.ampproject.org", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = uri.PathAndQuery;
        foreach (var (prefix, scheme) in new[] { ("/c/s/", "https://"), ("/v/s/", "https://"), ("/c/", "http://"), ("/v/", "http://") })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && Uri.TryCreate(scheme + path[prefix.Length..], UriKind.Absolute, out var original))
            {
                return original;
            }
        }

        return null;
    }

    /// <summary>amp., m., mobile. and wap. hosts serve the same articles as the bare site.</summary>
    private static string WithoutVariantPrefix(string host)
    {
        foreach (var prefix in VariantHostPrefixes)
        {
            // Keep at least "name.tld" after the prefix, so "m.ru" style hosts are left alone.
            if (host.StartsWith(prefix, StringComparison.Ordinal) && host.IndexOf('.', prefix.Length) > 0)
            {
                return host[prefix.Length..];
            }
        }

        return host;
    }

    private static readonly string[] VariantHostPrefixes = ["amp.", "m.", "mobile.", "wap."];

    /// <summary>/news/x/amp → /news/x, /news/x/amp/ → /news/x/ (WordPress), /amp/news/x → /news/x, /news/x.amp.html → /news/x.html.</summary>
    private static string WithoutAmpPath(string path)
    {
        if (path.EndsWith(".amp.html", StringComparison.OrdinalIgnoreCase))
        {
            return path[..^".amp.html".Length] + ".html";
        }

        var trimmed = path.EndsWith("/amp/", StringComparison.OrdinalIgnoreCase) ? path[..^4]
            : path.EndsWith("/amp", StringComparison.OrdinalIgnoreCase) ? path[..^4]
            : path;
        if (trimmed.StartsWith("/amp/", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[4..];
        }

        return trimmed.Length == 0 ? "/" : trimmed;
    }

    private static bool IsAmpSwitch(string pair) =>
        pair.Equals("amp", StringComparison.OrdinalIgnoreCase)
        || pair.Equals("amp=1", StringComparison.OrdinalIgnoreCase)
        || pair.Equals("amp=true", StringComparison.OrdinalIgnoreCase)
        || pair.Equals("outputType=amp", StringComparison.OrdinalIgnoreCase)
        || pair.Equals("output=amp", StringComparison.OrdinalIgnoreCase);

    private static bool IsTracking(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name);
}
