using System.CommandLine;
using BriWatch.Storage.Identity;

namespace BriWatch.Host;

/// <summary>
/// <c>briwatch api-key create|list|revoke</c>: manages users' API keys in the store directly, without the API, so the first
/// admin key can be made before anything can authenticate.
/// </summary>
internal static class ApiKeyCommandLine
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("api-key", "Create, list and revoke API keys in the store, without the API.");
        command.Subcommands.Add(Create(stdout, stderr));
        command.Subcommands.Add(List(stdout, stderr));
        command.Subcommands.Add(Revoke(stdout, stderr));
        return command;
    }

    private static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var owner = new Option<string>("--owner")
        {
            Description = $"The key's owner id ({OwnerIds.Rule}); the user is created when missing.",
            HelpName = "NAME",
            Required = true,
        };
        var admin = new Option<bool>("--admin") { Description = "Create a missing owner as an admin (default: subscriber)." };
        var scope = new Option<string[]>("--scope")
        {
            Description = "What the key may do; repeatable. Default: read and subscriptions, and admin for an admin owner.",
            AllowMultipleArgumentsPerToken = true,
        };
        scope.AcceptOnlyFromAmong([.. ApiKeyScopeNames.All]);
        var expires = new Option<string>("--expires")
        {
            Description = "When the key stops working: a UTC date (2027-01-31, its start), an ISO 8601 time with offset, or a duration from now (12h, 90d, 2w). Default: never.",
            HelpName = "DATE|DURATION",
        };
        var data = DataOption();
        var command = new Command("create", "Create an API key and print it, once, on stdout.") { owner, admin, scope, expires, data };
        command.SetAction((result, cancellationToken) =>
        {
            var request = new ApiKeyCommands.CreateRequest(
                result.GetValue(owner)!, result.GetValue(admin), result.GetValue(scope) ?? [], result.GetValue(expires));
            return ApiKeyCommands.CreateAsync(request, result.GetValue(data)!, stdout, stderr, cancellationToken);
        });
        return command;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var owner = new Option<string>("--owner") { Description = "Only this owner's keys.", HelpName = "NAME" };
        var data = DataOption();
        var command = new Command("list", "List API keys: prefix, owner, scopes, created, expires, last used, revoked (never a secret).") { owner, data };
        command.SetAction((result, cancellationToken) =>
            ApiKeyCommands.ListAsync(result.GetValue(owner), result.GetValue(data)!, stdout, stderr, cancellationToken));
        return command;
    }

    private static Command Revoke(TextWriter stdout, TextWriter stderr)
    {
        var prefix = new Argument<string>("PREFIX") { Description = "The key's prefix (bw_ and 10 letters or digits), as list shows it." };
        var data = DataOption();
        var command = new Command("revoke", "Revoke an API key for good.") { prefix, data };
        command.SetAction((result, cancellationToken) =>
            ApiKeyCommands.RevokeAsync(result.GetValue(prefix)!, result.GetValue(data)!, stdout, stderr, cancellationToken));
        return command;
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "The SQLite database file (Storage:Sqlite:Path), as the host's --data.",
        HelpName = "FILE",
        DefaultValueFactory = _ => HostSettings.DefaultDatabasePath,
    };
}
