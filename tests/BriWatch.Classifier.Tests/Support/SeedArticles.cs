using System.Globalization;
using System.Text.RegularExpressions;

namespace BriWatch.Classifier.Tests.Support;

/// <summary>The real articles in ../shared/seeds beside the repository (read-only; tests may read them, production never does).</summary>
internal static partial class SeedArticles
{
    public static string? Directory => FindSeeds();

    public static (string Title, string Text, DateTimeOffset Published) Load(string fileName)
    {
        var directory = FindSeeds() ?? throw new InvalidOperationException("shared/seeds not found beside the repository.");
        var lines = File.ReadAllLines(Path.Combine(directory, fileName));
        var titleIndex = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        var title = lines[titleIndex].Trim();
        var published = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var date = DateLine().Match(title);
        if (date.Success)
        {
            published = DateTimeOffset.Parse(date.Groups[1].Value, CultureInfo.InvariantCulture);
            title = title[date.Length..].Trim();
        }

        return (title, string.Join('\n', lines.Skip(titleIndex + 1)), published);
    }

    private static string? FindSeeds()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seeds");
            if (dir.GetFiles("BriWatch.sln").Length > 0 || System.IO.Directory.Exists(candidate))
            {
                var beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "seeds"));
                return System.IO.Directory.Exists(beside) ? beside : System.IO.Directory.Exists(candidate) && dir.GetFiles("BriWatch.sln").Length == 0 ? candidate : null;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^date (\d{4}-\d{2}-\d{2})")]
    private static partial Regex DateLine();
}
