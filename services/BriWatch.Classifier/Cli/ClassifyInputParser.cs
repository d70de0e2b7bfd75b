using System.Globalization;
using System.Text.Json;
using BriWatch.Classifier.Pipeline;

namespace BriWatch.Classifier.Cli;

/// <summary>Reads one <c>{title, text, url?, language?, published?}</c> object; every defect becomes a message, never an exception.</summary>
internal static class ClassifyInputParser
{
    /// <summary>
    /// The ISO 8601 (RFC 3339) forms accepted for <c>published</c>: a date, or a date and time with minutes, seconds or
    /// fractions of a second, with <c>Z</c>, an offset (<c>+08:00</c>, <c>+0800</c>) or no zone (taken as UTC).
    /// </summary>
    private static readonly string[] IsoFormats =
    [
        "yyyy'-'MM'-'dd",
        "yyyy'-'MM'-'dd'T'HH':'mmK",
        "yyyy'-'MM'-'dd'T'HH':'mm':'ssK",
        "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'FFFFFFFK",
    ];

    public static (ArticleInput? Input, string? Url, string? Error) Parse(string json, string label, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return (null, null, "invalid JSON: " + ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, $"expected a JSON object, got {root.ValueKind.ToString().ToLowerInvariant()}");
            }

            if (!TryString(root, "text", out var text, out var error) || !TryString(root, "title", out var title, out error)
                || !TryString(root, "url", out var url, out error) || !TryString(root, "language", out var language, out error)
                || !TryString(root, "published", out var publishedText, out error))
            {
                return (null, null, error);
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                return (null, null, "missing text: \"text\" must be a non-empty string");
            }

            var published = now;
            if (publishedText is not null && !DateTimeOffset.TryParseExact(publishedText.Trim(), IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out published))
            {
                return (null, null, $"invalid published: '{publishedText}' is not an ISO 8601 date");
            }

            var id = string.IsNullOrWhiteSpace(url) ? label : url;
            return (new ArticleInput(id, title ?? "", text, published, language), url, null);
        }
    }

    private static bool TryString(JsonElement root, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            error = $"invalid {name}: expected a string, got {property.ValueKind.ToString().ToLowerInvariant()}";
            return false;
        }

        value = property.GetString();
        return true;
    }
}
