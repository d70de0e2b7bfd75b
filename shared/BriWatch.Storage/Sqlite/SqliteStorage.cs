using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

/// <summary>
/// The embedded store: one database file in WAL mode, pooled connections, schema created on first use.
/// Every store opens a short-lived connection per call; pooling makes that cheap.
/// </summary>
public sealed class SqliteStorage : IStoragePing, IDisposable
{
    private readonly string connectionString;
    private readonly SemaphoreSlim schemaLock = new(1, 1);
    private volatile bool schemaReady;

    public SqliteStorage(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Sqlite.Path))
        {
            throw new InvalidOperationException("Storage:Sqlite:Path is empty; set it to the database file, e.g. ./data/briwatch.db.");
        }

        DatabasePath = Path.GetFullPath(options.Sqlite.Path);
        var folder = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until this many seconds have passed.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Opens a pooled connection, creating the schema on the first call.</summary>
    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var pragmas = connection.CreateCommand())
            {
                // Per connection: wait for writers instead of failing, and WAL's recommended durability level.
                pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
            }

            if (!schemaReady)
            {
                await EnsureSchemaAsync(connection, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public void Dispose() => schemaLock.Dispose();

    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (schemaReady)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            // journal_mode cannot change inside a transaction, so it runs on its own first.
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            command.Transaction = transaction;
            command.CommandText = SqliteSchema.Script;
            await command.ExecuteNonQueryAsync(cancellationToken);
            // The transaction is BEGIN IMMEDIATE, so two processes starting together cannot both rebuild a table or add a column.
            foreach (var (table, keyColumn, rebuild) in SqliteSchema.RekeyedTables)
            {
                if (!await HasColumnAsync(command, table, keyColumn, cancellationToken))
                {
                    command.CommandText = rebuild;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            foreach (var (table, column, definition) in SqliteSchema.AddedColumns)
            {
                if (!await HasColumnAsync(command, table, column, cancellationToken))
                {
                    command.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition};";
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    if (SqliteSchema.AddedColumnBackfills.TryGetValue((table, column), out var backfill))
                    {
                        command.CommandText = backfill;
                        await command.ExecuteNonQueryAsync(cancellationToken);
                    }
                }
            }

            command.CommandText = SqliteSchema.AddedColumnIndexes;
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            schemaReady = true;
        }
        finally
        {
            schemaLock.Release();
        }
    }

    private static async Task<bool> HasColumnAsync(SqliteCommand command, string table, string column, CancellationToken cancellationToken)
    {
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}';";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
