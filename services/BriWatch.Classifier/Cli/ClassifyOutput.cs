using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BriWatch.Classifier.Pipeline;

namespace BriWatch.Classifier.Cli;

/// <summary>One line of <c>briwatch classify</c> output: which input it answers, then the classification as it is.</summary>
internal static class ClassifyOutput
{
    /// <param name="input">The file name or <c>line N</c> of stdin.</param>
    /// <param name="storyId">The story the article joins (its own id when it starts one).</param>
    public static string Line(string input, string id, string? url, string storyId, Classification classification)
    {
        var line = JsonSerializer.SerializeToNode(classification, ClassifyJson.Options)!.AsObject();
        line.Insert(0, "input", input);
        line.Insert(1, "id", id);
        line.Insert(2, "url", url);
        line.Insert(3, "storyId", storyId);
        return line.ToJsonString(ClassifyJson.Options);
    }
}

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
