using BriWatch.Storage.DailyCaps;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Validation;
using MongoDB.Driver;

namespace BriWatch.Storage.Mongo;

public sealed class MongoDailyCapStore(MongoStorage storage) : IDailyCapStore
{
    private static FilterDefinitionBuilder<DailyCapCountDocument> Filter => Builders<DailyCapCountDocument>.Filter;

    public async Task<bool> TryCountAsync(string subscriptionId, DateOnly day, string alertKey, int cap, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DailyCapRules.Validate(subscriptionId, alertKey, cap);
        await storage.ReadyAsync(cancellationToken);
        var dayKey = DailyCapRules.DayKey(day);
        if (await storage.DailyCapCounts.CountDocumentsAsync(AlertFilter(subscriptionId, dayKey, alertKey), cancellationToken: cancellationToken) > 0)
        {
            return true;
        }

        // Places are taken by inserting their _id: a place another dispatcher took first is a duplicate key, so try the
        // next; a duplicate on the alert index means another dispatcher counted this very alert.
        var taken = await storage.DailyCapCounts.CountDocumentsAsync(DayFilter(subscriptionId, dayKey), cancellationToken: cancellationToken);
        for (var place = (int)taken + 1; place <= cap; place++)
        {
            try
            {
                await storage.DailyCapCounts.InsertOneAsync(NewCount(subscriptionId, dayKey, place, alertKey, now), cancellationToken: cancellationToken);
                return true;
            }
            catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex))
            {
                if (await storage.DailyCapCounts.CountDocumentsAsync(AlertFilter(subscriptionId, dayKey, alertKey), cancellationToken: cancellationToken) > 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public async Task<long> PurgeCountedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await storage.ReadyAsync(cancellationToken);
        var result = await storage.DailyCapCounts.DeleteManyAsync(CountedBefore(before), cancellationToken);
        return result.DeletedCount;
    }

    internal static DailyCapCountDocument NewCount(string subscriptionId, string day, int place, string alertKey, DateTimeOffset now) => new()
    {
        Id = DailyCapCountDocument.IdOf(subscriptionId, day, place),
        SubscriptionId = subscriptionId,
        Day = day,
        Place = place,
        AlertKey = alertKey,
        CountedAt = MongoTime.ToBson(now),
    };

    internal static FilterDefinition<DailyCapCountDocument> AlertFilter(string subscriptionId, string day, string alertKey) =>
        Filter.Eq(d => d.SubscriptionId, subscriptionId) & Filter.Eq(d => d.Day, day) & Filter.Eq(d => d.AlertKey, alertKey);

    internal static FilterDefinition<DailyCapCountDocument> DayFilter(string subscriptionId, string day) =>
        Filter.Eq(d => d.SubscriptionId, subscriptionId) & Filter.Eq(d => d.Day, day);

    internal static FilterDefinition<DailyCapCountDocument> CountedBefore(DateTimeOffset before) =>
        Filter.Lt(d => d.CountedAt, MongoTime.ToBson(before));
}
