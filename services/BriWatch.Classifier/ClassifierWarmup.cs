using BriWatch.Classifier.Pipeline;

namespace BriWatch.Classifier;

/// <summary>Compiles the taxonomy at startup, so a broken taxonomy stops the service at once instead of failing the first message.</summary>
internal sealed class ClassifierWarmup(ArticleClassifier classifier, ILogger<ClassifierWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Classifier taxonomy {Version} compiled", classifier.TaxonomyVersion);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
