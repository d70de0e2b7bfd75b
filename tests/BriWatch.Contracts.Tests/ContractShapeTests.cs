using System.Reflection;
using System.Text.Json;
using BriWatch.Contracts;

namespace BriWatch.Contracts.Tests;

/// <summary>
/// MassTransit routes by message type name (exchange "BriWatch.Contracts:ArticleDiscovered") and services on other
/// versions deserialize by property name, so a rename here silently breaks the pipeline. These tests pin both.
/// </summary>
public sealed class ContractShapeTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly Type[] Types = typeof(CrawlSource).Assembly.GetExportedTypes();

    /// <summary>Records carried inside messages, not sent on their own.</summary>
    private static readonly string[] Parts = ["DealAmount"];

    private static readonly Type[] Messages = [.. Types.Where(t => !Parts.Contains(t.Name))];

    [Fact]
    public void Every_message_is_a_sealed_record_in_the_contracts_namespace_without_a_base_class()
    {
        Assert.NotEmpty(Messages);
        foreach (var type in Types)
        {
            Assert.Equal("BriWatch.Contracts", type.Namespace);
            Assert.True(type.IsSealed, $"{type.Name} must be sealed");
            Assert.Equal(typeof(object), type.BaseType);
            Assert.NotNull(type.GetMethod("<Clone>$"));
        }
    }

    [Fact]
    public void Message_set_is_exactly_the_documented_one()
    {
        Assert.Equal(Parts, Types.Select(t => t.Name).Intersect(Parts));
        Assert.Equal(
            ["ArticleClassified", "ArticleDiscovered", "CrawlSource", "SourceFetchFailed", "SourceStale"],
            Messages.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(typeof(CrawlSource), "sourceId,dueAt")]
    [InlineData(typeof(ArticleDiscovered), "articleId,sourceId,canonicalUrl,title,text,published,languageHint,discoveredAt")]
    [InlineData(typeof(ArticleClassified), "articleId,sourceId,canonicalUrl,title,summary,published,language,relevant,score,topics,countries,storyId,evidence,classifiedAt,amountUsd,stage,amounts")]
    [InlineData(typeof(DealAmount), "value,currency,amountUsd,role,start,length,evidence")]
    [InlineData(typeof(SourceFetchFailed), "sourceId,error,consecutiveFailures,nextAttemptAt,failedAt")]
    [InlineData(typeof(SourceStale), "sourceId,lastNewItemAt,expectedPeriod,markedAt")]
    public void Json_shape_is_pinned(Type message, string expectedProperties)
    {
        var instance = Sample(message);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(instance, message, Web));
        var actual = json.RootElement.EnumerateObject().Select(p => p.Name);
        Assert.Equal(expectedProperties.Split(','), actual);
    }

    [Fact]
    public void ArticleClassified_round_trips_through_json()
    {
        var original = new ArticleClassified(
            "a1", "xinhua-en", "https://example.org/a", "Title", "Summary", new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero),
            "en", true, 0.91, ["bri", "manufacturing"], ["CN", "HU"], "s1", ["Belt and Road"], new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero))
        {
            AmountUsd = 1.5e9,
            Stage = "signed",
            Amounts = [new DealAmount(1.5e9, "USD", 1.5e9, "deal", 20, 12, "$1.5 billion"), new DealAmount(50e9, "USD", 50e9, "background", 60, 11, "$50 billion")],
        };

        var copy = JsonSerializer.Deserialize<ArticleClassified>(JsonSerializer.Serialize(original, Web), Web)!;

        Assert.Equal(original.ArticleId, copy.ArticleId);
        Assert.Equal(original.Topics, copy.Topics);
        Assert.Equal(original.Countries, copy.Countries);
        Assert.Equal(original.Published, copy.Published);
        Assert.Equal(original.Score, copy.Score);
        Assert.Equal(original.AmountUsd, copy.AmountUsd);
        Assert.Equal(original.Stage, copy.Stage);
        Assert.Equal(original.Amounts, copy.Amounts);
    }

    [Fact]
    public void ArticleClassified_from_a_publisher_without_amounts_reads_an_empty_list()
    {
        var json = """{"articleId":"a1","sourceId":"s","canonicalUrl":"https://example.org/a","title":"T","summary":"S","published":null,"language":"en","relevant":true,"score":0.9,"topics":[],"countries":[],"storyId":"s1","evidence":[],"classifiedAt":"2026-11-01T09:00:00Z","amountUsd":1.5e9}""";

        var copy = JsonSerializer.Deserialize<ArticleClassified>(json, Web)!;

        Assert.Empty(copy.Amounts);
        Assert.Equal(1.5e9, copy.AmountUsd);
    }

    private static object Sample(Type type)
    {
        var constructor = type.GetConstructors().Single();
        var arguments = constructor.GetParameters().Select(p => SampleValue(p.ParameterType)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static object? SampleValue(Type type) => type switch
    {
        _ when type == typeof(string) => "x",
        _ when type == typeof(int) => 1,
        _ when type == typeof(double) => 0.5,
        _ when type == typeof(double?) => 0.5,
        _ when type == typeof(bool) => true,
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?) => DateTimeOffset.UnixEpoch,
        _ when type == typeof(TimeSpan) => TimeSpan.FromHours(1),
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => Array.CreateInstance(type.GetGenericArguments()[0], 0),
        _ => throw new InvalidOperationException($"No sample for {type}"),
    };
}
