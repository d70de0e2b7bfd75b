using BriWatch.Crawler.WebSub;

namespace BriWatch.Crawler;

/// <summary>Bound from the <c>Crawler</c> configuration section.</summary>
public sealed class CrawlerOptions
{
    public const string Section = "Crawler";

    /// <summary>How often the scheduler looks for due sources.</summary>
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the scheduling replica's lease lasts; renewed every tick, so if that replica dies another takes over within
    /// this time. Must exceed <see cref="SchedulerTick"/>.
    /// </summary>
    public TimeSpan SchedulerLease { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often sources are checked for staleness (silent for more than twice their expected period).</summary>
    public TimeSpan StaleCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When every enabled source has been failing for longer than this, <c>/health/ready</c> reports the crawler Degraded
    /// (still HTTP 200) with the reason.
    /// </summary>
    public TimeSpan AllSourcesFailingThreshold { get; set; } = TimeSpan.FromHours(1);

    /// <summary>At most this many sources are claimed per tick, so one tick cannot flood the queue.</summary>
    public int MaxSourcesPerTick { get; set; } = 50;

    /// <summary>How long a claimed source stays reserved for the consumer before another tick may claim it again.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Total time for one fetch, from connecting to the last body byte (a dripping server is cut off here).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Response size cap, counted after decompression (a gzip bomb stops here).</summary>
    public long MaxResponseBytes { get; set; } = 10L * 1024 * 1024;

    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// At most this many child sitemaps are fetched per poll of a sitemap index, across all nesting levels, newest first;
    /// the rest are not read and the source records a warning saying how many.
    /// </summary>
    public int MaxSitemapsPerPoll { get; set; } = 50;

    /// <summary>Reads each host's robots.txt (cached a day): disallowed sources fail with a clear error; Crawl-delay stretches the per-host pause.</summary>
    public bool RespectRobotsTxt { get; set; } = true;

    /// <summary>Minimum pause between two requests to the same host (requests to one host never overlap).</summary>
    public TimeSpan PerHostDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Allows fetching loopback, private, link-local and metadata addresses. Off in production; tests and the demo turn it on.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Upper bound of the error backoff; a failing source is retried at least this often, never disabled.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The seed file loaded at start-up; relative paths resolve against the application's base directory.</summary>
    public string SourcesFile { get; set; } = "seeds/sources.yaml";

    /// <summary>Fetch each new item's page and announce its extracted text when it is fuller than the feed's.</summary>
    public bool FetchArticlePages { get; set; } = true;

    public string UserAgent { get; set; } = "BriWatch/1.0 (+https://github.com/briwatch/briwatch)";

    /// <summary>Push delivery from WebSub hubs; off until a callback base URL is set.</summary>
    public WebSubOptions WebSub { get; set; } = new();
}
