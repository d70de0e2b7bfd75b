namespace BriWatch.Storage.Mongo;

/// <summary>BSON dates are UTC milliseconds; these convert at the document boundary.</summary>
internal static class MongoTime
{
    public static DateTime ToBson(DateTimeOffset value) => value.UtcDateTime;

    public static DateTime? ToBson(DateTimeOffset? value) => value?.UtcDateTime;

    public static DateTimeOffset FromBson(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? FromBson(DateTime? value) => value is { } v ? FromBson(v) : null;
}
