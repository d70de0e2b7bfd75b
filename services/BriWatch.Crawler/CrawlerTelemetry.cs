using System.Diagnostics;

namespace BriWatch.Crawler;

/// <summary>The crawler's ActivitySource; each source poll starts a trace here that the rest of the pipeline joins.</summary>
public static class CrawlerTelemetry
{
    public const string Name = "BriWatch.Crawler";

    public static readonly ActivitySource Source = new(Name);
}
