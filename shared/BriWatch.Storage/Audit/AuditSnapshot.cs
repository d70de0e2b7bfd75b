using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BriWatch.Storage.Audit;

/// <summary>
/// Turns an object into the JSON an audit record keeps, without its secrets: every property whose name speaks of a
/// secret, token, password, credential or hash is dropped, at any depth. Callers still pass snapshots meant for the
/// record; this is the net under them, so a new secret field named like one is not recorded by accident.
/// </summary>
public static class AuditSnapshot
{
    // Enums by name ("admin", not 1), so a record still reads right after an enum gains a member.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Fragments of property names (compared without case, <c>_</c> and <c>-</c>) that mark a secret.</summary>
    private static readonly string[] SecretNameParts = ["secret", "token", "password", "passwd", "credential", "hash", "privatekey"];

    /// <summary>The value as camelCase JSON without secret-named properties; null for null.</summary>
    public static string? Of<T>(T? value)
    {
        if (value is null)
        {
            return null;
        }

        var node = JsonSerializer.SerializeToNode(value, Json);
        return node is null ? null : Redact(node).ToJsonString(Json);
    }

    /// <summary>Removes secret-named properties from <paramref name="node"/> and everything under it; the same node.</summary>
    public static JsonNode Redact(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).Where(IsSecretName).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Redact(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Redact(child);
                    }
                }

                break;
        }

        return node;
    }

    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return SecretNameParts.Any(part => normalized.Contains(part, StringComparison.OrdinalIgnoreCase));
    }
}
