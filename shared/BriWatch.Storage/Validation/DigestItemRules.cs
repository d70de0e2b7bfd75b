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
    }

    public static void ValidateMax(int max)
    {
        if (max < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "max must be at least 1.");
        }
    }

    public static void ValidateDigestId(string digestId)
    {
        if (string.IsNullOrWhiteSpace(digestId))
        {
            throw new ArgumentException("digestId is required.", nameof(digestId));
        }
    }
}
