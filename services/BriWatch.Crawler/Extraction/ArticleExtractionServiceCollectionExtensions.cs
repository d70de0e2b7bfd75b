using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BriWatch.Crawler.Extraction;

public static class ArticleExtractionServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ArticleExtractor"/> (stateless, so one instance serves all).</summary>
    public static IServiceCollection AddArticleExtraction(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ArticleExtractor>();
        return services;
    }
}
