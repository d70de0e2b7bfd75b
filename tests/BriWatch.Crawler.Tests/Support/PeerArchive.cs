using System.Formats.Tar;
using System.IO.Compression;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>Unpacks one of the read-only conformance archives in /work/shared/peers into a temp folder for the test run.</summary>
public abstract class PeerArchive : IDisposable
{
    private const string PeersFolder = "/work/shared/peers";

    protected PeerArchive(string archiveName)
    {
        var archive = Path.Combine(PeersFolder, archiveName);
        Available = File.Exists(archive);
        Root = Path.Combine(Path.GetTempPath(), "briwatch-" + Path.GetFileNameWithoutExtension(archiveName) + "-" + Guid.NewGuid().ToString("N")[..8]);
        if (Available)
        {
            Directory.CreateDirectory(Root);
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            TarFile.ExtractToDirectory(gzip, Root, overwriteFiles: true);
        }
    }

    public bool Available { get; }

    public string Root { get; }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class FeedparserCases() : PeerArchive("feedparser-cases.tar.gz");

public sealed class FeedValidatorCases() : PeerArchive("feedvalidator-testcases.tar.gz");
