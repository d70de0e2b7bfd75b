namespace BriWatch.Crawler.Feeds;

/// <summary>Resolves relative references found in feeds against the base in scope.</summary>
internal static class UrlResolver
{
    public static string? Resolve(Uri? baseUri, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return reference;
        }

        var trimmed = reference.Trim();
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute) && !IsFileLookalike(absolute, trimmed))
        {
            return absolute.OriginalString;
        }

        if (baseUri is not null && Uri.TryCreate(baseUri, trimmed, out var resolved))
        {
            return resolved.AbsoluteUri;
        }

        return trimmed;
    }

    // On Unix "/path" parses as an absolute file: URI; in a feed it is a host-relative reference.
    private static bool IsFileLookalike(Uri uri, string original) => uri.IsFile && original.StartsWith('/');
}
