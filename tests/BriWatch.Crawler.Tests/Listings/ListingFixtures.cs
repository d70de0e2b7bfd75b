using System.Runtime.CompilerServices;

namespace BriWatch.Crawler.Tests.Listings;

/// <summary>Reads the HTML fixtures next to this file (from the source tree, so they need no copy step in the project file).</summary>
internal static class ListingFixtures
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Folder(), "Fixtures", name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder(), "Fixtures", name));

    private static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
