using BriWatch.Storage.Outbox;

namespace BriWatch.Storage.Discoveries;

/// <summary>The crawler's memory of which items it has already announced.</summary>
public interface IDiscoveryStore
{
    /// <summary>True when any of <paramref name="itemKeys"/> (canonical URL, guid, content hash) was recorded before (exact, case-sensitive match); false for no keys.</summary>
    Task<bool> AnyKnownAsync(IReadOnlyCollection<string> itemKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Records every key for the article together with <paramref name="announcement"/>, the event that announces it, in
    /// one write (SQLite) or with the event first (MongoDB): an item is never known without its event being pending, so a
    /// crash after the write can lose nothing. Keys already present are kept, and so is a pending event with the same id
    /// (idempotent). Needs at least one key; blank keys are rejected with <see cref="ArgumentException"/>.
    /// </summary>
    Task RecordAsync(string articleId, string sourceId, IReadOnlyCollection<string> itemKeys, OutboxMessage announcement, CancellationToken cancellationToken);
}
