using System.Text.Json;
using BriWatch.Storage.Audit;

namespace BriWatch.Storage.Validation;

internal static class AuditRules
{
    public static void Validate(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        foreach (var (value, field) in new[] { (entry.Actor, "Actor"), (entry.Action, "Action"), (entry.TargetType, "TargetType"), (entry.TargetId, "TargetId") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"Audit entry {field} is required.", nameof(entry));
            }
        }

        foreach (var (json, field) in new[] { (entry.Before, "Before"), (entry.After, "After") })
        {
            if (json is not null && !IsJsonObject(json))
            {
                throw new ArgumentException($"Audit entry {field} must be null or a JSON object.", nameof(entry));
            }
        }
    }

    public static void Validate(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > AuditQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"Audit query Limit must be 1 to {AuditQuery.MaxLimit}.");
        }

        if (query.TargetId is not null && query.TargetType is null)
        {
            throw new ArgumentException("Audit query TargetId needs a TargetType: ids are unique only within their type.", nameof(query));
        }
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
