using System.Text.Json;

namespace BriWatch.Storage.Tests.Support;

/// <summary>Value comparison for models whose records hold lists (record equality compares those by reference).</summary>
public static class Same
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static void Value<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Options), JsonSerializer.Serialize(actual, Options));
}
