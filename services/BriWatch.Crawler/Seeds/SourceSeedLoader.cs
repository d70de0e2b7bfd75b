using BriWatch.Storage.Sources;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Seeds;

/// <summary>At start-up, adds the sources of the seed file that the store does not have yet (operators' edits win).</summary>
public sealed class SourceSeedLoader(
    ISourceStore sources,
    IOptions<CrawlerOptions> options,
    TimeProvider time,
    ILogger<SourceSeedLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.Value.SourcesFile, AppContext.BaseDirectory);
        if (!File.Exists(path))
        {
            logger.LogWarning("Source seed file {Path} not found; starting with the sources already stored", path);
            return;
        }

        IReadOnlyList<Source> seeds;
        try
        {
            seeds = SourceSeedFile.Parse(await File.ReadAllTextAsync(path, cancellationToken), path, time.GetUtcNow());
        }
        catch (FormatException ex)
        {
            // Fail start-up: running with half a seed file would silently leave sources unmonitored.
            throw new InvalidOperationException($"Cannot load sources: {ex.Message}", ex);
        }

        var added = await sources.AddMissingAsync(seeds, cancellationToken);
        logger.LogInformation("Loaded {Count} sources from {Path}; {Added} were new", seeds.Count, path, added);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
