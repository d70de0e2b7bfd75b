using BriWatch.Storage.Digests;

namespace BriWatch.Storage.Validation;

internal static class DigestItemRules
{
    public static void Validate(DigestItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        foreach (var (value, field) in new[] { (item.SubscriptionId, "SubscriptionId"), (item.StoryId, "StoryId"), (item.ArticleId, "ArticleId"), (item.Payload, "Payload") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"DigestItem {field} is required.", nameof(item));
            }
        }

        // Null would slip past the key's uniqueness in SQLite, where NULLs never collide; a first item's is empty.
        ArgumentNullException.ThrowIfNull(item.Revision, "item.Revision");
    }

    public static void ValidateKey(string value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{parameter} is required.", parameter);
        }
    }

    public static void ValidateDigestId(string digestId) => ValidateKey(digestId, nameof(digestId));
}
