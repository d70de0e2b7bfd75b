using BriWatch.Storage.Articles;
using BriWatch.Storage.DailyCaps;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Discoveries;
using BriWatch.Storage.Leases;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Stories;
using BriWatch.Storage.Subscriptions;
using Microsoft.Extensions.Time.Testing;

namespace BriWatch.Storage.Tests.Support;

/// <summary>Every store of one provider over one fresh database, sharing one fake clock.</summary>
public sealed record StoreSet(
    FakeTimeProvider Time,
    ISourceStore Sources,
    IArticleStore Articles,
    ISubscriptionStore Subscriptions,
    IDeliveryStore Deliveries,
    IDiscoveryStore Discoveries,
    ILeaseStore Leases,
    IStoryIndex Stories,
    IStoragePing Ping,
    IDigestItemStore DigestItems,
    IDailyCapStore DailyCaps,
    IOutboxStore Outbox);
