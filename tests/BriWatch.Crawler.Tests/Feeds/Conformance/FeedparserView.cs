using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Tests.Feeds.Conformance;

/// <summary>Presents a <see cref="ParsedFeed"/> under feedparser's names, so its <c>Expect:</c> expressions can run against it.</summary>
internal static class FeedparserView
{
    public static Func<string, object?> Names(ParsedFeed parsed) => name => name switch
    {
        "bozo" => parsed.WellFormed ? 0L : 1L,
        "encoding" => parsed.Encoding,
        "feed" => Feed(parsed.Feed),
        "entries" => parsed.Items.Select(Entry).Cast<object?>().ToList(),
        _ => throw new UnsupportedExpectException($"name '{name}'"),
    };

    private static ExpectDict Feed(FeedInfo feed) => new(new Dictionary<string, object?>
    {
        ["title"] = feed.Title,
        ["title_detail"] = Detail(feed.Title),
        ["link"] = feed.Link,
        ["subtitle"] = feed.Subtitle,
        ["description"] = feed.Subtitle,
        ["tagline"] = feed.Subtitle,
        ["subtitle_detail"] = Detail(feed.Subtitle),
        ["tagline_detail"] = Detail(feed.Subtitle),
        ["language"] = feed.Language,
        ["updated_parsed"] = Tuple(feed.Updated),
        ["modified_parsed"] = Tuple(feed.Updated),
        ["author"] = feed.Author,
        ["author_detail"] = AuthorDetail(feed.Author),
    });

    private static ExpectDict Entry(FeedItem item) => new(new Dictionary<string, object?>
    {
        ["id"] = item.Id,
        ["title"] = item.Title,
        ["title_detail"] = Detail(item.Title),
        ["link"] = item.Link,
        ["summary"] = item.Summary,
        ["description"] = item.Summary,
        ["summary_detail"] = Detail(item.Summary),
        ["content"] = item.Content is null ? null : new List<object?> { Detail(item.Content) },
        ["published_parsed"] = Tuple(item.Published),
        ["issued_parsed"] = Tuple(item.Published),
        ["updated_parsed"] = Tuple(item.Updated),
        ["modified_parsed"] = Tuple(item.Updated),
        ["author"] = item.Author,
        ["author_detail"] = AuthorDetail(item.Author),
        ["category"] = item.Categories.Count > 0 ? item.Categories[0] : null,
        ["tags"] = item.Categories.Select(c => (object?)new ExpectDict(new Dictionary<string, object?> { ["term"] = c })).ToList(),
        ["enclosures"] = item.Enclosures.Select(e => (object?)new ExpectDict(new Dictionary<string, object?>
        {
            ["href"] = e.Url,
            ["url"] = e.Url,
            ["type"] = e.Type,
            ["length"] = e.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).ToList(),
    });

    /// <summary>feedparser splits "Name (email)" and "email (Name)" into author_detail; we keep one display string.</summary>
    private static ExpectDict? AuthorDetail(string? author)
    {
        if (author is null)
        {
            return null;
        }

        var open = author.IndexOf(" (", StringComparison.Ordinal);
        var name = open > 0 && author.EndsWith(')')
            ? (author[..open].Contains('@', StringComparison.Ordinal) ? author[(open + 2)..^1] : author[..open])
            : author;
        return new ExpectDict(new Dictionary<string, object?> { ["name"] = name });
    }

    private static ExpectDict? Detail(string? value) =>
        value is null ? null : new ExpectDict(new Dictionary<string, object?> { ["value"] = value });

    /// <summary>Python's time.struct_time in UTC: (year, month, day, hour, minute, second, weekday Mon=0, yearday, dst=0).</summary>
    private static List<object?>? Tuple(DateTimeOffset? date)
    {
        if (date is not { } d)
        {
            return null;
        }

        var u = d.UtcDateTime;
        return [(long)u.Year, (long)u.Month, (long)u.Day, (long)u.Hour, (long)u.Minute, (long)u.Second, (long)(((int)u.DayOfWeek + 6) % 7), (long)u.DayOfYear, 0L];
    }
}
