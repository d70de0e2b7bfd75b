using System.Formats.Tar;
using System.IO.Compression;

namespace BriWatch.Crawler.Tests.Extraction;

/// <summary>Unpacks Mozilla Readability's test pages (shared/peers) into a temp folder for the duration of a test class.</summary>
public sealed class ReadabilityTestPages : IDisposable
{
    public const string ArchiveName = "readability-test-pages.tar.gz";

    private readonly string? tempDir;

    public ReadabilityTestPages()
    {
        Archive = SharedPeers.Find(ArchiveName);
        if (Archive is null)
        {
            return;
        }

        tempDir = Directory.CreateTempSubdirectory("briwatch-readability-").FullName;
        using (var file = File.OpenRead(Archive))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gzip, tempDir, overwriteFiles: true);
        }

        Pages = Directory.GetDirectories(Path.Combine(tempDir, "test", "test-pages"))
            .Where(d => File.Exists(Path.Combine(d, "source.html")) && File.Exists(Path.Combine(d, "expected.html")))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Path of the archive, or null when the shared data folder is not beside the repository.</summary>
    public string? Archive { get; }

    /// <summary>One folder per page, each with source.html, expected.html and expected-metadata.json.</summary>
    public IReadOnlyList<string> Pages { get; } = [];

    public void Dispose()
    {
        if (tempDir is not null && Directory.Exists(tempDir))
        {
            Directory.Delete(tempDir, recursive: true);
        }
    }
}
