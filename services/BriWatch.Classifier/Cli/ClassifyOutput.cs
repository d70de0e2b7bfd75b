using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BriWatch.Classifier.Pipeline;

namespace BriWatch.Classifier.Cli;

/// <summary>One line of <c>briwatch classify</c> output.</summary>
internal sealed record ClassifyOutput(
    string Input,
    string Id,
    string? Url,
    bool Relevant,
    double Score,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Countries,
    string Language,
    IReadOnlyList<EntityMention> Entities,
    IReadOnlyList<EvidenceSpan> Evidence,
    string StoryId,
    double? AmountUsd,
    string? Stage,
    IReadOnlyList<Party> Parties,
    IReadOnlyList<AmountMention> Amounts);

internal sealed record ClassifyError(string Input, string Error);

internal static class ClassifyJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,

        // Like parse-feed and extract: Chinese, Russian and quotes stay readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
