namespace BriWatch.Matching.Indexing;

/// <summary>
/// One subscription in one posting, carrying what the scan needs inline (24 bytes) so most candidates are decided
/// without touching the subscription object. <paramref name="Index"/>: the subscription's ordinal in the index.
/// <paramref name="Program"/>: where its compiled query starts, or -1 when it has none. <paramref name="SharedId"/>:
/// the query's slot in the per-article memo when several subscriptions share its text, else -1.
/// <paramref name="CheckFilters"/>: topic or country filters the postings do not establish. <paramref name="Repeated"/>:
/// posted under several keys, so one article can reach it twice.
/// </summary>
internal readonly record struct PostingEntry(IndexedSubscription Subscription, int Index, int Program, int SharedId, bool CheckFilters, bool Repeated);
