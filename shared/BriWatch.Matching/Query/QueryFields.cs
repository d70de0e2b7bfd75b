namespace BriWatch.Matching.Query;

/// <summary>The field names the query language knows.</summary>
public static class QueryFields
{
    public const string Topic = "topic";
    public const string Country = "country";
    public const string Language = "language";
    public const string Source = "source";
    public const string Stage = "stage";
    public const string Official = "official";
    public const string Score = "score";
    public const string AmountUsd = "amount_usd";

    public static readonly IReadOnlyList<string> Terms = [Topic, Country, Language, Source, Stage];

    public static readonly IReadOnlyList<string> Numbers = [Score, AmountUsd];

    public static readonly IReadOnlyList<string> All = [.. Terms, Official, .. Numbers];
}
