using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Tests.Extraction;

/// <summary>
/// Unpacks trafilatura's evaluation corpus (shared/peers/trafilatura-eval.tar.gz: tests/evaldata.json plus the pages in
/// tests/cache and tests/eval) into a temp folder for the duration of a test class.
/// </summary>
public sealed partial class TrafilaturaEvalPages : IDisposable
{
    public const string ArchiveName = "trafilatura-eval.tar.gz";

    private readonly string? tempDir;

    public TrafilaturaEvalPages()
    {
        Archive = SharedPeers.Find(ArchiveName);
        if (Archive is null)
        {
            return;
        }

        tempDir = Directory.CreateTempSubdirectory("briwatch-trafilatura-").FullName;
        using (var file = File.OpenRead(Archive))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gzip, tempDir, overwriteFiles: true);
        }

        Cases = ReadCases(Path.Combine(tempDir, "tests"));
    }

    /// <summary>Path of the archive, or null when the shared data folder is not beside the repository.</summary>
    public string? Archive { get; }

    /// <summary>Every annotated page, ordered by URL.</summary>
    public IReadOnlyList<TrafilaturaEvalCase> Cases { get; } = [];

    public void Dispose()
    {
        if (tempDir is not null && Directory.Exists(tempDir))
        {
            Directory.Delete(tempDir, recursive: true);
        }
    }

    private static List<TrafilaturaEvalCase> ReadCases(string testsDir)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(testsDir, "evaldata.json")));
        var cases = new List<TrafilaturaEvalCase>();
        foreach (var entry in json.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var file = entry.Value.GetProperty("file").GetString()
                ?? throw new InvalidDataException($"{entry.Name}: no 'file'");
            // Same lookup order as trafilatura's eval_common.resolve: cache first, then eval.
            var path = new[] { "cache", "eval" }.Select(d => Path.Combine(testsDir, d, file)).FirstOrDefault(File.Exists)
                ?? throw new InvalidDataException($"{entry.Name}: HTML file not found: {file}");
            cases.Add(new TrafilaturaEvalCase(
                entry.Name,
                file,
                path,
                Strings(entry.Value.GetProperty("with")),
                Strings(entry.Value.GetProperty("without")),
                IsCheckHalf(file) ? BenchmarkHalf.Check : BenchmarkHalf.Tuning,
                LanguageGroup(path)));
        }

        return cases;
    }

    private static string[] Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString() ?? throw new InvalidDataException("null segment")).ToArray();

    // A stable hash of the file name (not string.GetHashCode, which is randomised per process) splits the corpus in two.
    private static bool IsCheckHalf(string file) => (SHA256.HashData(Encoding.UTF8.GetBytes(file))[0] & 1) == 1;

    private static readonly HashSet<string> NamedGroups = ["de", "en", "es", "fr", "pl"];

    // The corpus carries no language field, so pages are grouped by the language they declare on <html lang>
    // (read from the raw bytes, independently of the extractor under test).
    private static string LanguageGroup(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[64 * 1024];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var match = HtmlLang().Match(Encoding.Latin1.GetString(head, 0, read));
        if (!match.Success)
        {
            return "undeclared";
        }

        var lang = match.Groups[1].Value.ToLowerInvariant();
        return NamedGroups.Contains(lang) ? lang : "other";
    }

    [GeneratedRegex("""<html\b[^>]*?\blang\s*=\s*["']?([a-zA-Z]{2,3})\b""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLang();
}

public enum BenchmarkHalf
{
    Tuning,
    Check,
}

/// <summary>One annotated page: segments that must appear in the extracted text and boilerplate that must not.</summary>
public sealed record TrafilaturaEvalCase(
    string Url, string File, string Path, string[] With, string[] Without, BenchmarkHalf Half, string Language);
