using BriWatch.Storage.Articles;
using BriWatch.Storage.Tests.Support;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Article_round_trips_every_field()
    {
        var article = Article("a1", T0);

        Assert.True(await Stores.Articles.UpsertAsync(article, Ct));

        Same.Value(article, await Stores.Articles.GetAsync("a1", Ct));
    }

    [Fact]
    public async Task Article_with_empty_lists_and_no_optionals_round_trips()
    {
        var article = new Article { Id = "bare", SourceId = "s", Url = "https://example.org/bare", Title = "", StoryId = "st" };

        await Stores.Articles.UpsertAsync(article, Ct);

        Same.Value(article, await Stores.Articles.GetAsync("bare", Ct));
    }

    [Fact]
    public async Task Article_upsert_is_new_once_and_a_redelivery_replaces_it()
    {
        Assert.True(await Stores.Articles.UpsertAsync(Article("a1", T0), Ct));
        var reclassified = Article("a1", T0) with { Score = 0.1, Relevant = false, Topics = ["energy"] };

        Assert.False(await Stores.Articles.UpsertAsync(reclassified, Ct));
        Assert.False(await Stores.Articles.UpsertAsync(reclassified, Ct));

        Same.Value(reclassified, await Stores.Articles.GetAsync("a1", Ct));
        Assert.Equal(1, await Stores.Articles.CountAsync(Ct));
        var page = await Stores.Articles.SearchAsync(new ArticleQuery { Topic = "energy" }, Ct);
        Assert.Equal(["a1"], page.Items.Select(a => a.Id));
        Assert.Equal(0, (await Stores.Articles.SearchAsync(new ArticleQuery { Topic = "rail" }, Ct)).Total);
    }

    [Fact]
    public async Task Article_get_returns_null_when_absent()
    {
        Assert.Null(await Stores.Articles.GetAsync("nope", Ct));
    }

    [Theory]
    [InlineData("relevant")]
    [InlineData("irrelevant")]
    [InlineData("topic")]
    [InlineData("country")]
    [InlineData("source")]
    [InlineData("story")]
    [InlineData("language")]
    [InlineData("min score")]
    [InlineData("discovered since")]
    [InlineData("text in title, any case")]
    [InlineData("text in body, non-ASCII case")]
    [InlineData("text with regex characters")]
    [InlineData("combined")]
    [InlineData("none")]
    public async Task Article_search_filter_selects_exactly_the_matching_articles(string filter)
    {
        await SeedSearchCorpusAsync();
        var (query, expected) = filter switch
        {
            "relevant" => (new ArticleQuery { Relevant = true }, new[] { "e", "d", "b", "a" }),
            "irrelevant" => (new ArticleQuery { Relevant = false }, ["c"]),
            "topic" => (new ArticleQuery { Topic = "energy" }, ["e", "c"]),
            "country" => (new ArticleQuery { Country = "BR" }, ["d", "b"]),
            "source" => (new ArticleQuery { SourceId = "tass" }, ["d"]),
            "story" => (new ArticleQuery { StoryId = "shared" }, ["e", "a"]),
            "language" => (new ArticleQuery { Language = "ru" }, ["d"]),
            "min score" => (new ArticleQuery { MinScore = 0.7 }, ["e", "b"]),
            "discovered since" => (new ArticleQuery { DiscoveredSince = T0.AddHours(3) }, ["e", "d"]),
            "text in title, any case" => (new ArticleQuery { Text = "SOLAR" }, ["e"]),
            "text in body, non-ASCII case" => (new ArticleQuery { Text = "ЖЕЛЕЗНАЯ" }, ["d"]),
            "text with regex characters" => (new ArticleQuery { Text = "(phase 2)*" }, ["b"]),
            "combined" => (new ArticleQuery { Relevant = true, Country = "CN", MinScore = 0.5, DiscoveredSince = T0.AddHours(1) }, ["e", "b"]),
            "none" => (new ArticleQuery(), ["e", "d", "c", "b", "a"]),
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown case."),
        };

        var page = await Stores.Articles.SearchAsync(query, Ct);

        Assert.Equal(expected, page.Items.Select(a => a.Id));
        Assert.Equal(expected.Length, page.Total);
        Assert.Equal(expected, (await ScanAsync(query with { Limit = int.MaxValue })).Select(a => a.Id));
    }

    [Fact]
    public async Task Article_scan_streams_the_items_search_returns_with_every_field()
    {
        for (var i = 0; i < 7; i++)
        {
            await Stores.Articles.UpsertAsync(Article($"a{i}", T0.AddMinutes(i)) with { AmountUsd = 1e8 * i, Stage = "signed" }, Ct);
        }

        var query = new ArticleQuery { Skip = 2, Limit = 3 };
        var scanned = await ScanAsync(query);

        Assert.Equal(["a4", "a3", "a2"], scanned.Select(a => a.Id));
        Same.Value((await Stores.Articles.SearchAsync(query, Ct)).Items, (IReadOnlyList<Article>)scanned);
        Assert.Empty(await ScanAsync(new ArticleQuery { Limit = 0 }));
        Assert.Equal(7, (await ScanAsync(new ArticleQuery { Limit = int.MaxValue })).Count);
    }

    [Fact]
    public async Task Article_search_pages_newest_first_with_the_total_of_all_matches()
    {
        for (var i = 0; i < 7; i++)
        {
            await Stores.Articles.UpsertAsync(Article($"a{i}", T0.AddMinutes(i)), Ct);
        }

        var page = await Stores.Articles.SearchAsync(new ArticleQuery { Skip = 2, Limit = 3 }, Ct);

        Assert.Equal(["a4", "a3", "a2"], page.Items.Select(a => a.Id));
        Assert.Equal(7, page.Total);
        var past = await Stores.Articles.SearchAsync(new ArticleQuery { Skip = 10, Limit = 3 }, Ct);
        Assert.Empty(past.Items);
        Assert.Equal(7, past.Total);
        var countOnly = await Stores.Articles.SearchAsync(new ArticleQuery { Limit = 0 }, Ct);
        Assert.Empty(countOnly.Items);
        Assert.Equal(7, countOnly.Total);
    }

    [Fact]
    public async Task Article_search_breaks_ties_in_discovery_time_by_id_descending()
    {
        foreach (var id in new[] { "b", "c", "a" })
        {
            await Stores.Articles.UpsertAsync(Article(id, T0), Ct);
        }

        var page = await Stores.Articles.SearchAsync(new ArticleQuery(), Ct);

        Assert.Equal(["c", "b", "a"], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Article_search_rejects_negative_paging()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Articles.SearchAsync(new ArticleQuery { Skip = -1 }, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Stores.Articles.SearchAsync(new ArticleQuery { Limit = -1 }, Ct));
    }

    [Fact]
    public async Task Article_count_counts_distinct_articles()
    {
        Assert.Equal(0, await Stores.Articles.CountAsync(Ct));
        await Stores.Articles.UpsertAsync(Article("a", T0), Ct);
        await Stores.Articles.UpsertAsync(Article("b", T0), Ct);
        await Stores.Articles.UpsertAsync(Article("a", T0), Ct);

        Assert.Equal(2, await Stores.Articles.CountAsync(Ct));
    }

    [Fact]
    public async Task Stories_are_listed_once_each_newest_first_by_their_newest_matching_article()
    {
        await SeedSearchCorpusAsync();

        // "shared" holds a (oldest) and e (newest); the others are their own stories.
        var all = await Stores.Articles.SearchStoriesAsync(new ArticleQuery(), Ct);
        Assert.Equal(["shared", "story-d", "story-c", "story-b"], all.StoryIds);
        Assert.Equal(4, all.Total);

        // Filters choose the matching articles first: of "shared" only a is about rail, so it ranks by a's time, not e's.
        var rail = await Stores.Articles.SearchStoriesAsync(new ArticleQuery { Topic = "rail" }, Ct);
        Assert.Equal(["story-d", "story-b", "shared"], rail.StoryIds);
        Assert.Equal(3, rail.Total);
        var paged = await Stores.Articles.SearchStoriesAsync(new ArticleQuery { Skip = 1, Limit = 2 }, Ct);
        Assert.Equal(["story-d", "story-c"], paged.StoryIds);
        Assert.Equal(4, paged.Total);
        var countOnly = await Stores.Articles.SearchStoriesAsync(new ArticleQuery { Limit = 0 }, Ct);
        Assert.Empty(countOnly.StoryIds);
        Assert.Equal(4, countOnly.Total);
        Assert.Empty((await Stores.Articles.SearchStoriesAsync(new ArticleQuery { Topic = "nothing" }, Ct)).StoryIds);
    }

    private async Task<List<Article>> ScanAsync(ArticleQuery query)
    {
        var found = new List<Article>();
        await foreach (var article in Stores.Articles.ScanAsync(query, Ct))
        {
            found.Add(article);
        }

        return found;
    }

    /// <summary>Five articles, a (oldest) to e (newest), each differing from the default in the fields the filters test.</summary>
    private async Task SeedSearchCorpusAsync()
    {
        Article[] corpus =
        [
            Article("a", T0, a => a with { StoryId = "shared", Score = 0.6, Countries = ["CN"] }),
            Article("b", T0.AddHours(1), a => a with { Score = 0.9, Countries = ["CN", "BR"], Text = "Works on the bridge (phase 2)* begin." }),
            Article("c", T0.AddHours(2), a => a with { Relevant = false, Score = 0.2, Topics = ["energy"], Countries = ["IN"] }),
            Article("d", T0.AddHours(3), a => a with
            {
                SourceId = "tass",
                Language = "ru",
                Score = 0.5,
                Countries = ["BR", "RU"],
                Title = "Новости",
                Text = "Железная дорога Север-Юг",
            }),
            Article("e", T0.AddHours(4), a => a with { StoryId = "shared", Score = 0.7, Topics = ["energy", "solar"], Title = "Solar park financed" }),
        ];
        foreach (var article in corpus)
        {
            await Stores.Articles.UpsertAsync(article, Ct);
        }
    }
}
