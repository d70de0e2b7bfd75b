namespace BriWatch.Host.Tests.Support;

internal static class Repository
{
    /// <summary>The checkout's root: the nearest folder above the test binaries holding BriWatch.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BriWatch.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BriWatch.sln not found above " + AppContext.BaseDirectory);
    }
}
