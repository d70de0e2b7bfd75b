namespace BriWatch.Alerting.Tests.Infrastructure;

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("briwatch-alerting-").FullName;

    public void Dispose()
    {
        // Pooled connections keep the file open; release them so the folder can go.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
