using System.IO.Compression;
using System.Text;

namespace BriWatch.Crawler.Tests.Support;

/// <summary>Hostile documents from issue 3's "bad input" list.</summary>
public static class BadInputs
{
    /// <summary>Under 100 KB on the wire, 64 MB once decompressed.</summary>
    public static readonly byte[] GzipBomb = GzipOfZeros(64L * 1024 * 1024);

    public static string BillionLaughs { get; } = BuildBillionLaughs();

    public const string ExternalEntity = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&xxe;</title><item><title>x</title></item></channel></rss>";

    private static string BuildBillionLaughs()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        return $"<?xml version=\"1.0\"?><!DOCTYPE rss [{entities}]><rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>";
    }

    private static byte[] GzipOfZeros(long length)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1024 * 1024];
            for (long written = 0; written < length; written += block.Length)
            {
                gzip.Write(block);
            }
        }

        return output.ToArray();
    }
}
