namespace BriWatch.Storage;

/// <summary>Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (default, embedded) or <c>Mongo</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public SqliteStorageOptions Sqlite { get; set; } = new();

    public MongoStorageOptions Mongo { get; set; } = new();
}

public enum StorageProvider
{
    Sqlite,
    Mongo,
}

public sealed class SqliteStorageOptions
{
    /// <summary>Database file; its folder is created when missing.</summary>
    public string Path { get; set; } = "./data/briwatch.db";
}

public sealed class MongoStorageOptions
{
    /// <summary>Falls back to <c>ConnectionStrings:Mongo</c> when empty.</summary>
    public string? ConnectionString { get; set; }

    public string Database { get; set; } = "briwatch";
}
