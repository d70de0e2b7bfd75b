using BriWatch.Storage.Identity;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace BriWatch.Storage.Mongo.Documents;

/// <summary>A user; the owner id is the _id, so it is unique.</summary>
[BsonIgnoreExtraElements]
internal sealed class UserDocument
{
    [BsonId] public string Id { get; set; } = "";
    [BsonElement("displayName")] public string DisplayName { get; set; } = "";
    [BsonElement("email")] public string? Email { get; set; }
    [BsonElement("role"), BsonRepresentation(BsonType.String)] public UserRole Role { get; set; }
    [BsonElement("disabled")] public bool Disabled { get; set; }
    [BsonElement("createdAt")] public DateTime CreatedAt { get; set; }
    [BsonElement("updatedAt")] public DateTime UpdatedAt { get; set; }

    public static UserDocument From(User user) => new()
    {
        Id = user.OwnerId,
        DisplayName = user.DisplayName,
        Email = user.Email,
        Role = user.Role,
        Disabled = user.Disabled,
        CreatedAt = MongoTime.ToBson(user.CreatedAt),
        UpdatedAt = MongoTime.ToBson(user.UpdatedAt),
    };

    public User ToModel() => new()
    {
        OwnerId = Id,
        DisplayName = DisplayName,
        Email = Email,
        Role = Enum.IsDefined(Role) ? Role : throw new InvalidDataException($"User '{Id}' has role {(int)Role}, which is not a role."),
        Disabled = Disabled,
        CreatedAt = MongoTime.FromBson(CreatedAt),
        UpdatedAt = MongoTime.FromBson(UpdatedAt),
    };
}
