using BriWatch.ServiceDefaults;

namespace BriWatch.Crawler;

public static class CrawlerServiceExtensions
{
    public static IHostApplicationBuilder AddCrawlerServices(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
