using BriWatch.Classifier.Consumers;
using BriWatch.Classifier.Pipeline;
using BriWatch.Classifier.Stories;
using BriWatch.ServiceDefaults;
using BriWatch.Storage;
using BriWatch.Storage.Outbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BriWatch.Classifier;

public static class ClassifierServiceExtensions
{
    /// <summary>The classifier, its stores and its <c>ArticleDiscovered</c> consumer.</summary>
    public static IHostApplicationBuilder AddClassifierServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddBriWatchStorage(builder.Configuration);
        builder.Services.AddOutboxRelay(ClassifierTelemetry.Name);
        builder.Services.AddClassifierCore();
        builder.AddConsumer<ArticleDiscoveredConsumer, ArticleDiscoveredConsumerDefinition>();
        return builder;
    }

    /// <summary>The classifier (taxonomy compiled once, shared) and story assignment; stores come from AddBriWatchStorage.</summary>
    public static IServiceCollection AddClassifierCore(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ArticleClassifier)))
        {
            return services;
        }

        services.AddOptions<ClassifierOptions>()
            .BindConfiguration(ClassifierOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => ArticleClassifier.FromTaxonomy(sp.GetRequiredService<IOptions<ClassifierOptions>>().Value.TaxonomyPath));
        services.TryAddSingleton<StoryAssigner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClassifierWarmup>());
        return services;
    }
}
