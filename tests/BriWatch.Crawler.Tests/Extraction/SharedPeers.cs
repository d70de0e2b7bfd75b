namespace BriWatch.Crawler.Tests.Extraction;

/// <summary>Finds an archive in the read-only data folder that sits beside the repository (../shared/peers).</summary>
internal static class SharedPeers
{
    /// <summary>Walks up from the test binaries; null when no shared/peers folder above them holds the archive.</summary>
    public static string? Find(string archiveName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "peers", archiveName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
