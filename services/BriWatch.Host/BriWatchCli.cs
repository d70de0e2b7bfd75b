using System.CommandLine;
using System.CommandLine.Parsing;
using BriWatch.Classifier.Cli;
using BriWatch.Crawler.Cli;

namespace BriWatch.Host;

/// <summary>
/// The <c>briwatch</c> command line: runs the all-in-one host by default and hosts the offline tools. Exit codes: 0 success;
/// 2 when nothing was produced: a usage error (unknown command or option, missing or extra argument, bad option value,
/// classify without any input) or the single input of parse-feed or extract could not be read or parsed; 1 when classify
/// wrote an error object for at least one of its inputs and classified the others.
/// </summary>
internal static class BriWatchCli
{
    public const int UsageError = 2;

    /// <summary>The subcommands' FILE arguments, checked for option-like tokens after parsing.</summary>
    private const string FileArgument = "FILE";

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, Console.In, Console.Out, Console.Error, CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = Build(stdin, stdout, stderr);
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        // An unknown option taken as FILE shifts the real FILE into "Unrecognized command or argument"; name only the option.
        var unknownOptions = OptionLikeFiles(parsed).ToList();
        var errors = unknownOptions.Count > 0 ? unknownOptions : parsed.Errors.Select(e => e.Message).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await stderr.WriteLineAsync("briwatch: " + error);
            }

            // The usage of the command that failed: `briwatch extract --bogus` shows extract's, not the root's.
            await stderr.WriteLineAsync();
            root.Parse([.. CommandPath(parsed.CommandResult), "--help"]).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return UsageError;
        }

        return await parsed.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>
    /// A FILE that starts with <c>-</c> is a mistyped or unknown option (<c>classify --bogus</c>), unless it follows
    /// <c>--</c> (<c>classify -- -odd-name.json</c>). System.CommandLine binds unknown option-like tokens to an argument and
    /// an argument validator cannot see where <c>--</c> was, so the tokens are checked here, by identity, after parsing.
    /// </summary>
    private static IEnumerable<string> OptionLikeFiles(ParseResult parsed)
    {
        var files = parsed.CommandResult.Children.OfType<ArgumentResult>().Where(a => a.Argument.Name == FileArgument).SelectMany(a => a.Tokens)
            .ToHashSet<Token>(ReferenceEqualityComparer.Instance);
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                yield break;
            }

            if (token.Type == TokenType.Argument && token.Value.StartsWith('-') && files.Contains(token))
            {
                yield return $"Unrecognized option '{token.Value}'.";
            }
        }
    }

    private static List<string> CommandPath(CommandResult? command)
    {
        var path = new List<string>();
        for (; command?.Parent is CommandResult parent; command = parent)
        {
            path.Insert(0, command.Command.Name);
        }

        return path;
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
        root.Subcommands.Add(ApiKeyCommandLine.Build(stdout, stderr));
        return root;
    }

    private static Command ClassifyCommandLine(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>(FileArgument)
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
        var file = new Argument<string>(FileArgument) { Description = "An RSS, RDF, Atom or JSON Feed document." };
        var url = new Option<string>("--url") { Description = "The address the feed was fetched from, for resolving relative links." };
        var contentType = new Option<string>("--content-type") { Description = "The HTTP Content-Type it was served with, for its charset." };
        var command = new Command("parse-feed", "Parse a feed file and print it as one JSON object.") { file, url, contentType };
        command.SetAction(result =>
            ParseFeedCommand.Run(result.GetValue(file)!, result.GetValue(url), result.GetValue(contentType), stdout, stderr));
        return command;
    }

    private static Command ExtractCommandLine(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>(FileArgument) { Description = "An HTML article page." };
        var url = new Option<string>("--url") { Description = "The page's address, for resolving links and the canonical URL." };
        var command = new Command("extract", "Extract an article's text and metadata from an HTML page and print them as JSON.") { file, url };
        command.SetAction(result => ExtractCommand.Run(result.GetValue(file)!, result.GetValue(url), stdout, stderr));
        return command;
    }
}
