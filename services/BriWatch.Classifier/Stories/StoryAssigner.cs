using System.Diagnostics.CodeAnalysis;
using BriWatch.Storage.Stories;
using Microsoft.Extensions.Options;

namespace BriWatch.Classifier.Stories;

/// <summary>
/// Gives an article the story id of its earliest recent near-duplicate, or its own id, and records its fingerprint.
/// Safe under concurrent classification (see <see cref="AssignAsync"/>). Registered as a singleton: the gate is per instance.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The gate's wait handle is never created (no AvailableWaitHandle), so the semaphore holds nothing to dispose.")]
public sealed class StoryAssigner(IStoryIndex index, TimeProvider timeProvider, IOptions<ClassifierOptions> options)
{
    private const int MaxCandidates = 50;

    private readonly SemaphoreSlim gate = new(1, 1);

    /// <remarks>
    /// Find-then-add alone races: two syndicated copies classified at once (the consumer runs 2 × cores messages in
    /// parallel) can each look before the other has added its fingerprint and start two stories. Two measures:
    /// <list type="number">
    /// <item>In one process, look-and-add runs under a gate, so every copy sees the fingerprints of all copies before
    /// it and joins their story. This is the guarantee. It serialises two short index calls per article (the store
    /// serialises writes anyway); classification itself stays parallel.</item>
    /// <item>Across processes sharing the store, after adding its fingerprint the article looks again and settles on
    /// the story of the earliest near-duplicate it sees, itself included, by recorded time and then article id (an order
    /// every process computes alike from what the store returns), rewriting its fingerprint if the story changed. Of
    /// two racing copies the one that looks again later sees both; when it is also the later one in that order (the
    /// usual case, as a copy is stamped when it starts assigning) it joins the earlier copy's story. This is best
    /// effort: a copy stamped earlier that reaches the store later than a racing copy of another process may keep a
    /// story of its own. A guarantee across processes would need the store to order or claim atomically (a sequence
    /// assigned on insert, or a claim on band keys).</item>
    /// </list>
    /// </remarks>
    public async Task<string> AssignAsync(string articleId, string title, string text, CancellationToken cancellationToken)
    {
        var signature = MinHashSketch.Compute(title, text);
        if (signature is null)
        {
            ClassifierTelemetry.RecordStoryAssignment("unfingerprinted");
            return articleId;
        }

        var bands = MinHashSketch.BandKeys(signature);
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Stamped inside the gate, so in one process time order is the order fingerprints reach the store.
            var now = timeProvider.GetUtcNow();
            var since = now - options.Value.StoryWindow;
            var candidates = await index.FindByBandsAsync(bands, since, MaxCandidates, cancellationToken);
            foreach (var candidate in candidates)
            {
                if (candidate.ArticleId == articleId)
                {
                    // Redelivery: keep the story the article already has.
                    return candidate.StoryId;
                }
            }

            var storyId = Earliest(signature, candidates, self: null)?.StoryId ?? articleId;
            var own = new StoryFingerprint(articleId, storyId, signature, bands, now);
            await index.AddAsync(own, cancellationToken);

            // Look again for copies another process added meanwhile (see remarks).
            var settled = await index.FindByBandsAsync(bands, since, MaxCandidates, cancellationToken);
            var adopted = Earliest(signature, settled, own)!.StoryId;
            if (adopted != storyId)
            {
                await index.AddAsync(own with { StoryId = adopted }, cancellationToken);
            }

            ClassifierTelemetry.RecordStoryAssignment(adopted == articleId ? "started" : "joined");
            return adopted;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The earliest near-duplicate by time, then article id; <paramref name="self"/> stands in when the store did not return it.</summary>
    private static StoryFingerprint? Earliest(ulong[] signature, IReadOnlyList<StoryFingerprint> candidates, StoryFingerprint? self)
    {
        StoryFingerprint? earliest = null;
        var selfSeen = false;
        foreach (var candidate in candidates)
        {
            var isSelf = self is not null && candidate.ArticleId == self.ArticleId;
            selfSeen |= isSelf;
            if ((isSelf || MinHashSketch.Similarity(signature, candidate.Signature) >= MinHashSketch.SameStory) && IsEarlier(candidate, earliest))
            {
                earliest = candidate;
            }
        }

        return self is not null && !selfSeen && IsEarlier(self, earliest) ? self : earliest;
    }

    private static bool IsEarlier(StoryFingerprint candidate, StoryFingerprint? than) =>
        than is null
        || candidate.At < than.At
        || (candidate.At == than.At && string.CompareOrdinal(candidate.ArticleId, than.ArticleId) < 0);
}
