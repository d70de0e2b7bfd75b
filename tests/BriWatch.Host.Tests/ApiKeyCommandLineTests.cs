using BriWatch.Storage;
using BriWatch.Storage.Audit;
using BriWatch.Storage.Identity;
using BriWatch.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BriWatch.Host.Tests;

/// <summary><c>briwatch api-key create|list|revoke</c>, run in-process against a real SQLite file.</summary>
public sealed class ApiKeyCommandLineTests : IDisposable
{
    private const string KeyPattern = "^bw_[0-9A-Za-z]{10}_[0-9A-Za-z]{43}$";

    private readonly string dir = Directory.CreateTempSubdirectory("briwatch-api-key-").FullName;
    private readonly string db;
    private readonly SqliteStorage storage;

    public ApiKeyCommandLineTests()
    {
        db = Path.Combine(dir, "briwatch.db");
        storage = new SqliteStorage(new StorageOptions { Sqlite = { Path = db } });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteUserStore Users => new SqliteUserStore(storage, TimeProvider.System);

    private SqliteApiKeyStore Keys => new SqliteApiKeyStore(storage, TimeProvider.System);

    private SqliteAuditLog Audit => new SqliteAuditLog(storage, TimeProvider.System);

    public void Dispose()
    {
        storage.Dispose();
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Create_prints_only_the_key_creates_a_subscriber_and_stores_only_the_secrets_hash()
    {
        var (exit, output, _) = await RunAsync("api-key", "create", "--owner", "alice", "--data", db);

        Assert.Equal(0, exit);
        var key = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(KeyPattern, key);
        Assert.Equal(key + Environment.NewLine, output);

        var user = await Users.GetAsync("alice", Ct);
        Assert.Equal(UserRole.Subscriber, user!.Role);
        var stored = Assert.Single(await Keys.ListAsync("alice", Ct));
        Assert.Equal(key[..13], stored.Prefix);
        Assert.Equal(ApiKeyScopes.Read | ApiKeyScopes.Subscriptions, stored.Scopes);
        Assert.Null(stored.ExpiresAt);
        SqliteConnection.ClearAllPools();
        Assert.False(DatabaseContains(key[14..]));

        var authenticated = await new ApiKeyAuthenticator(Keys, Users, TimeProvider.System).AuthenticateAsync(key, Ct);
        Assert.True(authenticated.Succeeded);
    }

    [Fact]
    public async Task Create_with_admin_creates_an_admin_whose_key_has_every_scope_by_default()
    {
        var (exit, _, _) = await RunAsync("api-key", "create", "--owner", "root", "--admin", "--data", db);

        Assert.Equal(0, exit);
        Assert.Equal(UserRole.Admin, (await Users.GetAsync("root", Ct))!.Role);
        Assert.Equal(ApiKeyScopes.Read | ApiKeyScopes.Subscriptions | ApiKeyScopes.Admin, Assert.Single(await Keys.ListAsync("root", Ct)).Scopes);
    }

    [Fact]
    public async Task Create_stores_the_scopes_asked_for_and_an_expiry_counted_from_now()
    {
        var before = DateTimeOffset.UtcNow;
        var (exit, _, _) = await RunAsync("api-key", "create", "--owner", "root", "--admin", "--scope", "read", "--scope", "admin", "--expires", "30d", "--data", db);
        var after = DateTimeOffset.UtcNow;

        Assert.Equal(0, exit);
        var key = Assert.Single(await Keys.ListAsync("root", Ct));
        Assert.Equal(ApiKeyScopes.Read | ApiKeyScopes.Admin, key.Scopes);
        Assert.InRange(key.ExpiresAt!.Value, before.AddDays(30).AddMilliseconds(-1), after.AddDays(30));
    }

    [Fact]
    public async Task A_second_key_for_an_existing_owner_keeps_the_owner_and_a_date_expiry_is_that_days_start_in_utc()
    {
        await RunAsync("api-key", "create", "--owner", "alice", "--data", db);
        var nextYear = DateTimeOffset.UtcNow.Year + 1;

        var (exit, _, _) = await RunAsync("api-key", "create", "--owner", "alice", "--scope", "read", "--expires", $"{nextYear}-01-31", "--data", db);

        Assert.Equal(0, exit);
        Assert.Single(await Users.ListAsync(Ct));
        var keys = await Keys.ListAsync("alice", Ct);
        Assert.Equal(2, keys.Count);
        Assert.Equal(new DateTimeOffset(nextYear, 1, 31, 0, 0, 0, TimeSpan.Zero), keys.Single(k => k.Scopes == ApiKeyScopes.Read).ExpiresAt);
    }

    [Theory]
    [InlineData("--owner", "Alice")]
    [InlineData("--owner", "al ice")]
    [InlineData("--expires", "tomorrow")]
    [InlineData("--expires", "2020-01-01")]
    [InlineData("--expires", "2099-01-01T00:00:00")]
    [InlineData("--expires", "0d")]
    public async Task Bad_create_input_is_one_line_on_stderr_nothing_on_stdout_and_exit_2(string option, string value)
    {
        string[] args = option == "--owner"
            ? ["api-key", "create", "--owner", value, "--data", db]
            : ["api-key", "create", "--owner", "alice", option, value, "--data", db];

        var (exit, output, err) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("briwatch api-key create: " + option, err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Empty(await Users.ListAsync(Ct));
    }

    [Fact]
    public async Task An_unknown_scope_or_a_missing_owner_is_a_usage_error_with_exit_2()
    {
        var (exit, output, err) = await RunAsync("api-key", "create", "--owner", "alice", "--scope", "write", "--data", db);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("write", err, StringComparison.Ordinal);
        Assert.Contains("Usage:", err, StringComparison.Ordinal);

        (exit, output, err) = await RunAsync("api-key", "create", "--data", db);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("--owner", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_scope_and_admin_flag_are_refused_for_a_subscriber_owner()
    {
        await RunAsync("api-key", "create", "--owner", "alice", "--data", db);

        var (exit, output, err) = await RunAsync("api-key", "create", "--owner", "alice", "--admin", "--data", db);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("exists as a subscriber", err, StringComparison.Ordinal);

        (exit, output, err) = await RunAsync("api-key", "create", "--owner", "bob", "--scope", "admin", "--data", db);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("--scope admin needs an admin owner", err, StringComparison.Ordinal);

        Assert.Single(await Keys.ListAsync(null, Ct));
        Assert.Null(await Users.GetAsync("bob", Ct));
    }

    [Fact]
    public async Task A_disabled_owner_gets_no_new_key()
    {
        await RunAsync("api-key", "create", "--owner", "alice", "--data", db);
        await Users.UpdateAsync((await Users.GetAsync("alice", Ct))! with { Disabled = true }, Ct);

        var (exit, output, err) = await RunAsync("api-key", "create", "--owner", "alice", "--data", db);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("is disabled", err, StringComparison.Ordinal);
        Assert.Single(await Keys.ListAsync("alice", Ct));
    }

    [Fact]
    public async Task List_shows_prefix_owner_scopes_and_times_but_never_a_secret_or_hash()
    {
        var alice = await CreateKeyAsync("alice");
        var root = await CreateKeyAsync("root", "--admin", "--expires", "2w");

        var (exit, output, _) = await RunAsync("api-key", "list", "--data", db);

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches("^PREFIX +OWNER +SCOPES +CREATED +EXPIRES +LAST USED +REVOKED$", lines[0]);
        Assert.Matches($"^{alice[..13]} +alice +read,subscriptions +\\d{{4}}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +- +- +-$", lines[1]);
        Assert.StartsWith(root[..13], lines[2], StringComparison.Ordinal);
        Assert.Contains("read,subscriptions,admin", lines[2], StringComparison.Ordinal);
        foreach (var key in (await Keys.ListAsync(null, Ct)).Select(k => k.SecretHash).Concat([alice[14..], root[14..]]))
        {
            Assert.DoesNotContain(key, output, StringComparison.Ordinal);
        }

        (exit, output, _) = await RunAsync("api-key", "list", "--owner", "root", "--data", db);
        Assert.Equal(0, exit);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("alice", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_stops_the_key_working_shows_in_the_list_and_is_idempotent()
    {
        var key = await CreateKeyAsync("alice");
        var authenticator = new ApiKeyAuthenticator(Keys, Users, TimeProvider.System);

        var (exit, output, _) = await RunAsync("api-key", "revoke", key[..13], "--data", db);

        Assert.Equal(0, exit);
        Assert.Equal($"revoked {key[..13]}", output.Trim());
        Assert.Equal(ApiKeyVerdict.Revoked, (await authenticator.AuthenticateAsync(key, Ct)).Verdict);
        var (_, list, _) = await RunAsync("api-key", "list", "--data", db);
        Assert.Matches("\\d\\dZ$", list.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);

        var (again, againOutput, againErr) = await RunAsync("api-key", "revoke", key[..13], "--data", db);
        Assert.Equal(0, again);
        Assert.Equal("", againOutput);
        Assert.Contains("already revoked", againErr, StringComparison.Ordinal);
        Assert.Single((await Audit.ListAsync(new AuditQuery { TargetType = "api_key", TargetId = key[..13] }, Ct)).Items, r => r.Action == "key.revoked");
    }

    [Fact]
    public async Task Revoke_of_an_unknown_prefix_or_of_something_else_exits_2_without_echoing_a_whole_key()
    {
        var key = await CreateKeyAsync("alice");

        var (exit, output, err) = await RunAsync("api-key", "revoke", "bw_0000000000", "--data", db);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("no API key has the prefix bw_0000000000", err, StringComparison.Ordinal);

        (exit, output, err) = await RunAsync("api-key", "revoke", key, "--data", db);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("a whole key is not a key prefix", err, StringComparison.Ordinal);
        Assert.DoesNotContain(key[14..], err, StringComparison.Ordinal);
        Assert.Null(Assert.Single(await Keys.ListAsync(null, Ct)).RevokedAt);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("revoke")]
    public async Task List_and_revoke_refuse_a_database_that_does_not_exist_and_do_not_create_it(string command)
    {
        var missing = Path.Combine(dir, "typo", "briwatch.db");
        string[] args = command == "list" ? ["api-key", "list", "--data", missing] : ["api-key", "revoke", "bw_0000000000", "--data", missing];

        var (exit, output, err) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"no database at '{missing}'", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public async Task Every_change_is_audited_as_cli_without_the_key_or_its_hash()
    {
        var key = await CreateKeyAsync("root", "--admin");
        await RunAsync("api-key", "revoke", key[..13], "--data", db);
        await CreateKeyAsync("root");

        var records = (await Audit.ListAsync(new AuditQuery(), Ct)).Items;

        Assert.Equal(["key.created", "key.revoked", "key.created", "user.created"], records.Select(r => r.Action));
        Assert.All(records, r => Assert.Equal("cli", r.Actor));
        Assert.Equal(("user", "root"), (records[^1].TargetType, records[^1].TargetId));
        Assert.Equal(("api_key", key[..13]), (records[1].TargetType, records[1].TargetId));
        Assert.Contains("\"revokedAt\":null", records[1].Before, StringComparison.Ordinal);
        Assert.DoesNotContain("\"revokedAt\":null", records[1].After, StringComparison.Ordinal);
        var hashes = (await Keys.ListAsync(null, Ct)).Select(k => k.SecretHash).ToList();
        foreach (var record in records)
        {
            var text = record.Before + record.After;
            Assert.DoesNotContain(key[14..], text, StringComparison.Ordinal);
            Assert.All(hashes, h => Assert.DoesNotContain(h, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Help_lists_the_api_key_commands()
    {
        var (exit, output, _) = await RunAsync("api-key", "--help");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "create", "list", "revoke" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    private async Task<string> CreateKeyAsync(string owner, params string[] options)
    {
        var (exit, output, err) = await RunAsync(["api-key", "create", "--owner", owner, .. options, "--data", db]);
        Assert.True(exit == 0, err);
        return output.Trim();
    }

    private bool DatabaseContains(string text)
    {
        // The WAL may still hold the latest pages; read every file of the database.
        return Directory.EnumerateFiles(dir, "briwatch.db*")
            .Any(f => File.ReadAllText(f, System.Text.Encoding.Latin1).Contains(text, StringComparison.Ordinal));
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var input = new StringReader("");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BriWatchCli.RunAsync(args, input, output, error, Ct);
        return (exit, output.ToString(), error.ToString());
    }
}
