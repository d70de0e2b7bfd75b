using BriWatch.Storage.Articles;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

[BsonIgnoreExtraElements]
internal sealed class ArticleDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("sourceId")] public string SourceId { get; set; } = "";
    [BsonElement("url")] public string Url { get; set; } = "";
    [BsonElement("title")] public string Title { get; set; } = "";
    [BsonElement("text")] public string Text { get; set; } = "";
    [BsonElement("published")] public DateTime? Published { get; set; }
    [BsonElement("discoveredAt")] public DateTime DiscoveredAt { get; set; }
    [BsonElement("classifiedAt")] public DateTime ClassifiedAt { get; set; }
    [BsonElement("language")] public string Language { get; set; } = "";
    [BsonElement("relevant")] public bool Relevant { get; set; }
    [BsonElement("score")] public double Score { get; set; }
    [BsonElement("topics")] public List<string> Topics { get; set; } = [];
    [BsonElement("countries")] public List<string> Countries { get; set; } = [];
    [BsonElement("storyId")] public string StoryId { get; set; } = "";
    [BsonElement("evidence")] public List<string> Evidence { get; set; } = [];
    [BsonElement("entities")] public List<ArticleEntityDocument> Entities { get; set; } = [];
    [BsonElement("amountUsd")] public double? AmountUsd { get; set; }
    [BsonElement("stage")] public string? Stage { get; set; }

    /// <summary>Missing on documents written before amounts were stored: read as none.</summary>
    [BsonElement("amounts")] public List<ArticleAmountDocument> Amounts { get; set; } = [];

    public static ArticleDocument From(Article article) => new()
    {
        Id = article.Id,
        SourceId = article.SourceId,
        Url = article.Url,
        Title = article.Title,
        Text = article.Text,
        Published = MongoTime.ToBson(article.Published),
        DiscoveredAt = MongoTime.ToBson(article.DiscoveredAt),
        ClassifiedAt = MongoTime.ToBson(article.ClassifiedAt),
        Language = article.Language,
        Relevant = article.Relevant,
        Score = article.Score,
        Topics = [.. article.Topics],
        Countries = [.. article.Countries],
        StoryId = article.StoryId,
        Evidence = [.. article.Evidence],
        Entities = [.. article.Entities.Select(e => new ArticleEntityDocument { Kind = e.Kind, Name = e.Name, Start = e.Start, Length = e.Length })],
        AmountUsd = article.AmountUsd,
        Stage = article.Stage,
        Amounts = [.. article.Amounts.Select(a => new ArticleAmountDocument
        {
            Value = a.Value, Currency = a.Currency, AmountUsd = a.AmountUsd, Role = a.Role, Start = a.Start, Length = a.Length, Evidence = a.Evidence,
        })],
    };

    public Article ToModel() => new()
    {
        Id = Id,
        SourceId = SourceId,
        Url = Url,
        Title = Title,
        Text = Text,
        Published = MongoTime.FromBson(Published),
        DiscoveredAt = MongoTime.FromBson(DiscoveredAt),
        ClassifiedAt = MongoTime.FromBson(ClassifiedAt),
        Language = Language,
        Relevant = Relevant,
        Score = Score,
        Topics = Topics,
        Countries = Countries,
        StoryId = StoryId,
        Evidence = Evidence,
        Entities = [.. Entities.Select(e => new ArticleEntity(e.Kind, e.Name, e.Start, e.Length))],
        AmountUsd = AmountUsd,
        Stage = Stage,
        Amounts = [.. Amounts.Select(a => new ArticleAmount(a.Value, a.Currency, a.AmountUsd, a.Role, a.Start, a.Length, a.Evidence))],
    };
}

[BsonIgnoreExtraElements]
internal sealed class ArticleEntityDocument
{
    [BsonElement("kind")] public string Kind { get; set; } = "";
    [BsonElement("name")] public string Name { get; set; } = "";
    [BsonElement("start")] public int Start { get; set; }
    [BsonElement("length")] public int Length { get; set; }
}

[BsonIgnoreExtraElements]
internal sealed class ArticleAmountDocument
{
    [BsonElement("value")] public double Value { get; set; }
    [BsonElement("currency")] public string Currency { get; set; } = "";
    [BsonElement("amountUsd")] public double? AmountUsd { get; set; }
    [BsonElement("role")] public string Role { get; set; } = "";
    [BsonElement("start")] public int Start { get; set; }
    [BsonElement("length")] public int Length { get; set; }
    [BsonElement("evidence")] public string Evidence { get; set; } = "";
}
