using BriWatch.Classifier.Consumers;
using BriWatch.Classifier.Pipeline;
using BriWatch.Classifier.Retention;
using BriWatch.Classifier.Stories;
using BriWatch.ServiceDefaults;
using BriWatch.Storage;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Retention;
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
        var retention = builder.Services.AddRetentionOptions(builder.Configuration);
        // Read once at registration too, as the interval is: a fingerprint must outlive the window it is looked up in.
        var storyWindow = builder.Configuration.GetSection(ClassifierOptions.Section).Get<ClassifierOptions>()?.StoryWindow ?? new ClassifierOptions().StoryWindow;
        if (StoryRetentionError(retention, storyWindow) is { } error)
        {
            throw new InvalidOperationException(error);
        }

        builder.Services.AddOptions<RetentionOptions>()
            .Validate<IOptions<ClassifierOptions>>((r, c) => StoryRetentionError(r, c.Value.StoryWindow) is null, "Retention:Stories is shorter than Classifier:StoryWindow")
            .ValidateOnStart();
        builder.AddRecurringJob<PurgeExpiredRecordsJob>(retention.PurgeInterval);
        return builder;
    }

    private static string? StoryRetentionError(RetentionOptions retention, TimeSpan storyWindow) =>
        retention.Stories < storyWindow
            ? $"Retention:Stories ({retention.Stories}) is shorter than Classifier:StoryWindow ({storyWindow}): a near-duplicate inside the window would no longer find its story"
            : null;

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
