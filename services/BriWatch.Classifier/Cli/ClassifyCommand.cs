using System.Text.Json;
using BriWatch.Classifier.Pipeline;
using BriWatch.Classifier.Stories;
using Microsoft.Extensions.Options;

namespace BriWatch.Classifier.Cli;

/// <summary>
/// <c>briwatch classify [FILE...]</c>: classifies JSON files, or JSON lines on stdin when no file is given, and writes one
/// JSON line per input (an error object for a bad one). Exit code 0 when every input was classified, 1 when any failed,
/// 2 when the taxonomy cannot be loaded.
/// </summary>
public static class ClassifyCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> files, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(files, stdin, stdout, stderr, TimeProvider.System, null, cancellationToken);

    internal static async Task<int> RunAsync(
        IReadOnlyList<string> files,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        TimeProvider timeProvider,
        string? taxonomyPath,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArticleClassifier classifier;
        try
        {
            classifier = ArticleClassifier.FromTaxonomy(taxonomyPath);
        }
        catch (InvalidDataException ex)
        {
            await stderr.WriteLineAsync($"briwatch classify: cannot load the taxonomy: {ex.Message}");
            return 2;
        }

        var stories = new StoryAssigner(new InMemoryStoryIndex(), timeProvider, Options.Create(new ClassifierOptions()));
        var run = new Run(classifier, stories, stdout, timeProvider);
        if (files.Count > 0)
        {
            foreach (var file in files)
            {
                string json;
                try
                {
                    json = await File.ReadAllTextAsync(file, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    await run.FailAsync(file, "unreadable file: " + ex.Message, cancellationToken);
                    continue;
                }

                await run.ClassifyAsync(file, json, cancellationToken);
            }
        }
        else
        {
            var number = 0;
            while (await stdin.ReadLineAsync(cancellationToken) is { } line)
            {
                number++;

                // Blank lines separate nothing in JSON lines; they are not inputs.
                if (!string.IsNullOrWhiteSpace(line))
                {
                    await run.ClassifyAsync($"line {number}", line, cancellationToken);
                }
            }
        }

        if (run.Failed > 0)
        {
            await stderr.WriteLineAsync($"briwatch classify: {run.Failed} of {run.Total} input(s) failed");
            return 1;
        }

        return 0;
    }

    private sealed class Run(ArticleClassifier classifier, StoryAssigner stories, TextWriter stdout, TimeProvider timeProvider)
    {
        public int Total { get; private set; }

        public int Failed { get; private set; }

        public async Task ClassifyAsync(string label, string json, CancellationToken cancellationToken)
        {
            var (input, url, error) = ClassifyInputParser.Parse(json, label, timeProvider.GetUtcNow());
            if (input is null)
            {
                await FailAsync(label, error!, cancellationToken);
                return;
            }

            Total++;
            var result = classifier.Classify(input);
            var storyId = await stories.AssignAsync(input.Id, input.Title, input.Text, cancellationToken);
            var output = new ClassifyOutput(label, input.Id, url, result.Relevant, result.Score, result.Topics, result.Countries, result.Language, result.Entities, result.Evidence, storyId, result.AmountUsd, result.Stage, result.Parties);
            await stdout.WriteLineAsync(JsonSerializer.Serialize(output, ClassifyJson.Options));
        }

        public async Task FailAsync(string label, string error, CancellationToken cancellationToken)
        {
            Total++;
            Failed++;
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new ClassifyError(label, error), ClassifyJson.Options).AsMemory(), cancellationToken);
        }
    }
}
