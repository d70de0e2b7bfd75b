using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

/// <summary>Conversions between model values and SQLite columns, in one place so every table agrees.</summary>
internal static class SqliteValues
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    public static T FromJson<T>(string json, string column) =>
        JsonSerializer.Deserialize<T>(json, JsonOptions) ?? throw new InvalidDataException($"Column '{column}' holds JSON null where a value is required.");

    public static TEnum ParseEnum<TEnum>(string value, string column)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, ignoreCase: false, out var parsed)
            ? parsed
            : throw new InvalidDataException($"Column '{column}' holds '{value}', which is not a {typeof(TEnum).Name}.");

    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>BEGIN IMMEDIATE: takes the write lock up front, so read-then-write sequences cannot interleave.</summary>
    public static SqliteTransaction BeginImmediate(this SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    public static string Text(this SqliteDataReader reader, string column) => reader.GetString(reader.GetOrdinal(column));

    public static string? TextOrNull(this SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public static long Long(this SqliteDataReader reader, string column) => reader.GetInt64(reader.GetOrdinal(column));

    public static bool Bool(this SqliteDataReader reader, string column) => reader.GetInt64(reader.GetOrdinal(column)) != 0;

    public static double Double(this SqliteDataReader reader, string column) => reader.GetDouble(reader.GetOrdinal(column));

    public static double? DoubleOrNull(this SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
    }

    public static DateTimeOffset Time(this SqliteDataReader reader, string column) => FromMs(reader.Long(column));

    public static DateTimeOffset? TimeOrNull(this SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : FromMs(reader.GetInt64(ordinal));
    }

    public static T Json<T>(this SqliteDataReader reader, string column) => FromJson<T>(reader.Text(column), column);

    public static T? JsonOrNull<T>(this SqliteDataReader reader, string column)
        where T : class
    {
        var text = reader.TextOrNull(column);
        return text is null ? null : FromJson<T>(text, column);
    }
}
