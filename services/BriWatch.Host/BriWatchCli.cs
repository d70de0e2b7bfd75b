using System.CommandLine;
using BriWatch.Classifier.Cli;
using BriWatch.Crawler.Extraction;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Host;

/// <summary>The <c>briwatch</c> command line: runs the all-in-one host by default and hosts the offline tools.</summary>
internal static class BriWatchCli
{
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, Console.In, Console.Out, Console.Error, CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = Build(stdin, stdout, stderr);
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync("briwatch: " + error.Message);
            }

            await stderr.WriteLineAsync();
            root.Parse("--help").Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return UsageError;
        }

        return await parsed.InvokeAsync(configuration, cancellationToken);
    }

    private static RootCommand Build(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var demo = new Option<bool>("--demo")
        {
            Description = "Also serve a demo feed and a demo webhook receiver on this host, so alerts appear within a minute without internet.",
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Where the API and dashboard listen.",
            DefaultValueFactory = _ => HostSettings.DefaultUrls,
        };
        var data = new Option<string>("--data")
        {
            Description = "The SQLite database file (Storage:Sqlite:Path).",
            DefaultValueFactory = _ => HostSettings.DefaultDatabasePath,
        };
        var root = new RootCommand(
            "BriWatch: monitors BRICS and Belt and Road industrial cooperation news and alerts subscribers. " +
            "Without a command it runs every service in one process (in-memory bus, SQLite store).")
        {
            demo,
            urls,
            data,
        };
        root.SetAction(async (result, cancellationToken) =>
        {
            var settings = new HostSettings(result.GetValue(urls)!, result.GetValue(demo), result.GetValue(data)!);
            await using var app = BriWatchApp.Build(settings);
            await app.RunAsync(cancellationToken);
            return 0;
        });

        root.Subcommands.Add(ClassifyCommandLine(stdin, stdout, stderr));
        root.Subcommands.Add(ParseFeedCommandLine(stdout, stderr));
        root.Subcommands.Add(ExtractCommandLine(stdout, stderr));
        return root;
    }

    private static Command ClassifyCommandLine(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "JSON files {title, text, url?, language?, published?}; without files, JSON lines are read from standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("classify", "Classify articles and print one JSON line per input.") { files };
        command.SetAction((result, cancellationToken) =>
            ClassifyCommand.RunAsync(result.GetValue(files) ?? [], stdin, stdout, stderr, cancellationToken));
        return command;
    }

    private static Command ParseFeedCommandLine(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "An RSS, RDF, Atom or JSON Feed document." };
        var url = new Option<string>("--url") { Description = "The address the feed was fetched from, for resolving relative links." };
        var contentType = new Option<string>("--content-type") { Description = "The HTTP Content-Type it was served with, for its charset." };
        var command = new Command("parse-feed", "Parse a feed file and print it as one JSON object.") { file, url, contentType };
        command.SetAction(result =>
            ParseFeedCommand.Run(result.GetValue(file)!, result.GetValue(url), result.GetValue(contentType), stdout, stderr));
        return command;
    }

    private static Command ExtractCommandLine(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "An HTML article page." };
        var url = new Option<string>("--url") { Description = "The page's address, for resolving links and the canonical URL." };
        var command = new Command("extract", "Extract an article's text and metadata from an HTML page and print them as JSON.") { file, url };
        command.SetAction(result => ExtractCommand.Run(result.GetValue(file)!, result.GetValue(url), stdout, stderr));
        return command;
    }
}
