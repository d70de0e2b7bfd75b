using System.Globalization;
using System.Text.RegularExpressions;
using BriWatch.Storage;
using BriWatch.Storage.Audit;
using BriWatch.Storage.Identity;

namespace BriWatch.Host;

/// <summary>
/// What <c>briwatch api-key</c> does. Exit codes follow the other commands: 0 done; 2 (with one line on stderr) when
/// nothing was done because the input was bad. Keys are issued and revoked by <see cref="ApiKeyIssuer"/>, with the API's
/// rules, and recorded in the audit log with the actor <c>cli</c>.
/// </summary>
internal static partial class ApiKeyCommands
{
    private const int Done = 0;
    private const int Refused = BriWatchCli.UsageError;

    /// <param name="Scopes">Scope names, already checked by the parser; empty for the owner's default.</param>
    /// <param name="Expires">As typed after <c>--expires</c>; null for never.</param>
    public sealed record CreateRequest(string Owner, bool Admin, IReadOnlyList<string> Scopes, string? Expires);

    public static async Task<int> CreateAsync(CreateRequest request, string data, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        const string command = "briwatch api-key create";
        if (!OwnerIds.IsValid(request.Owner))
        {
            return await FailAsync(stderr, command, $"--owner '{request.Owner}' is not a valid owner id: use {OwnerIds.Rule}");
        }

        await using var stores = await IdentityStoresOnDisk.OpenAsync(data, cancellationToken);
        if (!TryParseExpiry(request.Expires, stores.Time.GetUtcNow(), out var expiresAt, out var expiryError))
        {
            return await FailAsync(stderr, command, expiryError);
        }

        if (!ApiKeyScopeNames.TryParse(request.Scopes, out var scopes, out var unknownScope))
        {
            return await FailAsync(stderr, command, $"--scope '{unknownScope}' is not one of {string.Join(", ", ApiKeyScopeNames.All)}");
        }

        var issued = await stores.Issuer.IssueAsync(
            new ApiKeyIssueRequest
            {
                Actor = AuditActors.Cli,
                OwnerId = request.Owner,
                Scopes = scopes,
                ExpiresAt = expiresAt,
                NewOwnerRole = request.Admin ? UserRole.Admin : UserRole.Subscriber,
            },
            cancellationToken);
        if (issued.Key is null)
        {
            return await FailAsync(stderr, command, issued.Error switch
            {
                ApiKeyIssueError.OwnerIsSubscriber => $"{issued.Message}; --admin only sets the role of a new owner",
                ApiKeyIssueError.AdminScopeNeedsAdmin => $"--scope admin needs an admin owner, and '{request.Owner}' is a subscriber (use --admin for a new owner)",
                ApiKeyIssueError.ExpiryNotInFuture => $"--expires '{request.Expires}' is not in the future",
                _ => issued.Message!,
            });
        }

        await stdout.WriteLineAsync(issued.Key.Key);
        return Done;
    }

    public static async Task<int> ListAsync(string? owner, string data, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (owner is not null && !OwnerIds.IsValid(owner))
        {
            return await FailAsync(stderr, "briwatch api-key list", $"--owner '{owner}' is not a valid owner id: use {OwnerIds.Rule}");
        }

        await using var stores = await IdentityStoresOnDisk.OpenAsync(data, cancellationToken);
        if (stores.MissingDatabase is { } missing)
        {
            return await FailAsync(stderr, "briwatch api-key list", $"no database at '{missing}' (--data)");
        }

        var keys = await stores.Keys.ListAsync(owner, cancellationToken);
        string[] header = ["PREFIX", "OWNER", "SCOPES", "CREATED", "EXPIRES", "LAST USED", "REVOKED"];
        var rows = keys.Select(k => new[]
        {
            k.Prefix, k.OwnerId, string.Join(',', ApiKeyScopeNames.Format(k.Scopes)), Time(k.CreatedAt), Time(k.ExpiresAt), Time(k.LastUsedAt), Time(k.RevokedAt),
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            await stdout.WriteLineAsync(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }

        return Done;
    }

    public static async Task<int> RevokeAsync(string prefix, string data, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        const string command = "briwatch api-key revoke";
        if (!ApiKeys.IsPrefix(prefix))
        {
            // A whole key pasted by mistake is not echoed back into a terminal's scrollback.
            var shown = ApiKeys.TryParse(prefix, out _, out _) ? "a whole key" : $"'{prefix}'";
            return await FailAsync(stderr, command, $"{shown} is not a key prefix: give bw_ and the 10 letters or digits after it, as api-key list shows");
        }

        await using var stores = await IdentityStoresOnDisk.OpenAsync(data, cancellationToken);
        if (stores.MissingDatabase is { } missing)
        {
            return await FailAsync(stderr, command, $"no database at '{missing}' (--data)");
        }

        var revocation = await stores.Issuer.RevokeAsync(AuditActors.Cli, prefix, cancellationToken);
        if (revocation is null)
        {
            return await FailAsync(stderr, command, $"no API key has the prefix {prefix}");
        }

        if (revocation.AlreadyRevoked)
        {
            await stderr.WriteLineAsync($"{command}: {prefix} was already revoked at {Time(revocation.Before.RevokedAt)}");
            return Done;
        }

        await stdout.WriteLineAsync($"revoked {prefix}");
        return Done;
    }

    /// <summary>
    /// <c>--expires</c>: a UTC date (the start of that day), an ISO 8601 time with an offset, or a whole number of hours,
    /// days or weeks from <paramref name="now"/>. It must lie in the future: a key born expired is a mistake.
    /// </summary>
    internal static bool TryParseExpiry(string? value, DateTimeOffset now, out DateTimeOffset? expiresAt, out string error)
    {
        expiresAt = null;
        error = "";
        if (value is null)
        {
            return true;
        }

        var duration = Duration().Match(value);
        if (duration.Success && int.TryParse(duration.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var unit = duration.Groups["unit"].Value switch { "h" => TimeSpan.FromHours(1), "d" => TimeSpan.FromDays(1), _ => TimeSpan.FromDays(7) };
            // Capped so the arithmetic cannot overflow; nobody needs a key that outlives the calendar.
            expiresAt = n <= 100_000 ? now + (unit * n) : null;
        }
        else if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            expiresAt = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        else if (value.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            && HasOffset().IsMatch(value))
        {
            expiresAt = time;
        }

        if (expiresAt is null)
        {
            error = $"--expires '{value}' is not a date (2027-01-31), an ISO 8601 time with offset (2027-01-31T12:00:00Z) or a duration (12h, 90d, 2w)";
            return false;
        }

        if (expiresAt <= now)
        {
            error = $"--expires '{value}' is {Time(expiresAt)}, which is not in the future";
            expiresAt = null;
            return false;
        }

        return true;
    }

    private static string Time(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    private static async Task<int> FailAsync(TextWriter stderr, string command, string message)
    {
        await stderr.WriteLineAsync($"{command}: {message}");
        return Refused;
    }

    [GeneratedRegex("^(?<n>[0-9]{1,9})(?<unit>[hdw])$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    [GeneratedRegex("(Z|[+-][0-9]{2}:?[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex HasOffset();
}
