using System.Text.Json;
using BriWatch.Classifier.Pipeline;
using BriWatch.Classifier.Stories;
using Microsoft.Extensions.Options;

namespace BriWatch.Classifier.Cli;

/// <summary>
/// <c>briwatch classify [FILE...]</c>: classifies JSON files, or JSON lines on stdin when no file is given, and writes one
/// JSON line per input (an error object <c>{input, error}</c> for a bad one: unreadable, a directory, larger than
/// <see cref="MaxInputBytes"/>, not JSON, not a valid article). Exit code 0 when every input was classified, 1 when any
/// failed, 2 (one line on stderr, nothing on stdout) when there was nothing to classify (no FILE and no JSON line on stdin)
/// or the taxonomy cannot be loaded.
/// </summary>
public static class ClassifyCommand
{
    /// <summary>
    /// The largest input file or stdin line (UTF-8 bytes) read: the crawler's default response cap
    /// (<c>CrawlerOptions.MaxResponseBytes</c>), so what a poll accepts, the command line accepts too.
    /// </summary>
    public const long MaxInputBytes = 10L * 1024 * 1024;

    private static readonly string SizeText = $"{MaxInputBytes / (1024 * 1024)} MB";

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
                var (json, error) = await ReadFileAsync(file, cancellationToken);
                if (json is null)
                {
                    await run.FailAsync(file, "unreadable file: " + error, cancellationToken);
                    continue;
                }

                await run.ClassifyAsync(file, json, cancellationToken);
            }
        }
        else
        {
            var lines = new LineReader(stdin, MaxInputBytes);
            while (await lines.ReadAsync(cancellationToken) is { } line)
            {
                if (line.TooLong)
                {
                    await run.FailAsync($"line {lines.Number}", $"too large: the line is longer than {SizeText}", cancellationToken);
                }
                else if (!string.IsNullOrWhiteSpace(line.Text))
                {
                    // Blank lines separate nothing in JSON lines; they are not inputs.
                    await run.ClassifyAsync($"line {lines.Number}", line.Text, cancellationToken);
                }
            }

            if (run.Total == 0)
            {
                await stderr.WriteLineAsync("briwatch classify: no input: give FILE arguments or JSON lines on stdin");
                return 2;
            }
        }

        if (run.Failed > 0)
        {
            await stderr.WriteLineAsync($"briwatch classify: {run.Failed} of {run.Total} input(s) failed");
            return 1;
        }

        return 0;
    }

    /// <summary>Reads a whole file of at most <see cref="MaxInputBytes"/>, or says in a few words why it cannot.</summary>
    private static async Task<(string? Json, string? Error)> ReadFileAsync(string file, CancellationToken cancellationToken)
    {
        if (Directory.Exists(file))
        {
            return (null, $"'{file}' is a directory");
        }

        try
        {
            // Devices and pipes report no length (/dev/zero), so the cap is also enforced while reading.
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > MaxInputBytes)
            {
                return (null, $"'{file}' is larger than {SizeText}");
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxInputBytes)
                {
                    return (null, $"'{file}' is larger than {SizeText}");
                }

                buffer.Write(chunk, 0, read);
            }

            buffer.Position = 0;
            using var reader = new StreamReader(buffer, detectEncodingFromByteOrderMarks: true);
            return (await reader.ReadToEndAsync(cancellationToken), null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, $"'{file}': no such file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, ex.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>
    /// Reads stdin line by line like <see cref="TextReader.ReadLineAsync(CancellationToken)"/>, but never holds more than
    /// <c>max</c> UTF-8 bytes of one line: the rest of a longer line is skipped and the line reported as too long.
    /// </summary>
    private sealed class LineReader(TextReader reader, long max)
    {
        private readonly char[] buffer = new char[8192];
        private int start;
        private int end;

        public int Number { get; private set; }

        public async Task<(string Text, bool TooLong)?> ReadAsync(CancellationToken cancellationToken)
        {
            var line = new System.Text.StringBuilder();
            long bytes = 0;
            var tooLong = false;
            var any = false;
            while (true)
            {
                if (start == end)
                {
                    start = 0;
                    end = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
                    if (end == 0)
                    {
                        if (!any)
                        {
                            return null;
                        }

                        Number++;
                        return (tooLong ? "" : line.ToString(), tooLong);
                    }
                }

                any = true;
                var span = buffer.AsSpan(start, end - start);
                var newline = span.IndexOfAny('\n', '\r');
                var take = newline < 0 ? span : span[..newline];
                if (!tooLong)
                {
                    bytes += System.Text.Encoding.UTF8.GetByteCount(take);
                    if (bytes > max)
                    {
                        tooLong = true;
                        line.Clear();
                    }
                    else
                    {
                        line.Append(take);
                    }
                }

                if (newline < 0)
                {
                    start = end;
                    continue;
                }

                start += newline + 1;
                if (span[newline] == '\r')
                {
                    // \r\n is one line end; the \n may only arrive with the next read.
                    if (start == end)
                    {
                        start = 0;
                        end = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
                    }

                    if (start < end && buffer[start] == '\n')
                    {
                        start++;
                    }
                }

                Number++;
                return (tooLong ? "" : line.ToString(), tooLong);
            }
        }
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
            await stdout.WriteLineAsync(ClassifyOutput.Line(label, input.Id, url, storyId, result));
        }

        public async Task FailAsync(string label, string error, CancellationToken cancellationToken)
        {
            Total++;
            Failed++;
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new ClassifyError(label, error), ClassifyJson.Options).AsMemory(), cancellationToken);
        }
    }
}
