using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Tests.Sqlite;

/// <summary>A database file as an older version left it, written with raw SQL into a folder removed afterwards.</summary>
internal sealed class OldSqliteDatabase : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "briwatch-storage-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Runs <paramref name="sql"/> on a new <c>old.db</c>, outside any store; returns its path.</summary>
    public async Task<string> CreateAsync(string sql, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, "old.db");
        Directory.CreateDirectory(Folder);
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync(cancellationToken);
            await using var create = old.CreateCommand();
            create.CommandText = sql;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        // The store must open the file afresh, not a pooled connection that saw the old schema.
        SqliteConnection.ClearAllPools();
        return path;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
