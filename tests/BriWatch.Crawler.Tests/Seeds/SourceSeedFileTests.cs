using BriWatch.Crawler.Seeds;
using BriWatch.Storage.Sources;

namespace BriWatch.Crawler.Tests.Seeds;

public sealed class SourceSeedFileTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reads_sources_in_the_documented_format()
    {
        const string yaml = """
            sources:
              - id: xinhua-en
                name: Xinhua English
                url: http://www.xinhuanet.com/english/rss/worldrss.xml
                kind: rss        # auto | rss | atom | jsonfeed | htmllist | sitemap
                language: en
                country: cn
                official: false
                interval: 00:15:00
              - id: mofcom
                name: MOFCOM notices
                url: https://english.mofcom.gov.cn/
                kind: htmllist
                official: true
                options:
                  items: "ul.list a"
            """;

        var sources = SourceSeedFile.Parse(yaml, "sources.yaml", Now);

        Assert.Equal(2, sources.Count);
        var xinhua = sources[0];
        Assert.Equal("xinhua-en", xinhua.Id);
        Assert.Equal("Xinhua English", xinhua.Name);
        Assert.Equal(SourceKind.Rss, xinhua.Kind);
        Assert.Equal("en", xinhua.Language);
        Assert.Equal("CN", xinhua.Country);
        Assert.False(xinhua.Official);
        Assert.Equal(TimeSpan.FromMinutes(15), xinhua.PollInterval);
        Assert.Equal(Now, xinhua.Crawl.NextAttemptAt);
        Assert.Equal(SourceKind.HtmlList, sources[1].Kind);
        Assert.True(sources[1].Official);
        Assert.Equal("ul.list a", sources[1].Options["items"]);
    }

    [Theory]
    [InlineData("sources:\n  - id: a\n    url: http://x/: y\n", "seeds.yaml:3: invalid YAML")]
    [InlineData("sources:\n  - id: a\n    name: A\n", "seeds.yaml:2: source is missing 'url'")]
    [InlineData("sources:\n  - id: a\n    url: ftp://x/\n", "seeds.yaml:3: url 'ftp://x/' of source 'a' is not an absolute http(s) URL")]
    [InlineData("sources:\n  - id: a\n    url: http://x/\n    kind: podcast\n", "seeds.yaml:4: kind 'podcast' of source 'a' is unknown")]
    [InlineData("sources:\n  - id: a\n    url: http://x/\n    interval: soon\n", "seeds.yaml:4: interval 'soon' of source 'a' must be a duration")]
    [InlineData("sources:\n  - id: a\n    url: http://x/\n    colour: red\n", "seeds.yaml:4: unknown key 'colour'")]
    [InlineData("sources:\n  - id: Bad Id\n    url: http://x/\n", "seeds.yaml:2: id 'Bad Id' must be a lower-case slug")]
    [InlineData("sources:\n  - id: a\n    url: http://x/\n  - id: a\n    url: http://y/\n", "seeds.yaml:4: duplicate source id 'a'")]
    [InlineData("feeds: []\n", "seeds.yaml:1: expected a top-level 'sources:' list")]
    public void Names_file_and_line_of_each_mistake(string yaml, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SourceSeedFile.Parse(yaml, "seeds.yaml", Now));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_seed_file_is_valid()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "seeds", "sources.yaml");
        if (!File.Exists(path))
        {
            Assert.Skip("seeds/sources.yaml is not copied next to the tests");
        }

        var sources = SourceSeedFile.Parse(File.ReadAllText(path), path, Now);

        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.False(string.IsNullOrEmpty(s.Language), $"{s.Id} has no language"));
    }
}
