using BriWatch.Storage.Stories;
using Microsoft.Extensions.Options;

namespace BriWatch.Classifier.Stories;

/// <summary>Gives an article the story id of a recent near-duplicate, or its own id, and records its fingerprint.</summary>
public sealed class StoryAssigner(IStoryIndex index, TimeProvider timeProvider, IOptions<ClassifierOptions> options)
{
    private const int MaxCandidates = 50;

    public async Task<string> AssignAsync(string articleId, string title, string text, CancellationToken cancellationToken)
    {
        var signature = MinHashSketch.Compute(title, text);
        if (signature is null)
        {
            return articleId;
        }

        var bands = MinHashSketch.BandKeys(signature);
        var now = timeProvider.GetUtcNow();
        var candidates = await index.FindByBandsAsync(bands, now - options.Value.StoryWindow, MaxCandidates, cancellationToken);

        string? storyId = null;
        var best = 0.0;
        foreach (var candidate in candidates)
        {
            if (candidate.ArticleId == articleId)
            {
                // Redelivery: keep the story the article already has.
                return candidate.StoryId;
            }

            var similarity = MinHashSketch.Similarity(signature, candidate.Signature);
            if (similarity >= MinHashSketch.SameStory && similarity > best)
            {
                best = similarity;
                storyId = candidate.StoryId;
            }
        }

        storyId ??= articleId;
        await index.AddAsync(new StoryFingerprint(articleId, storyId, signature, bands, now), cancellationToken);
        return storyId;
    }
}
