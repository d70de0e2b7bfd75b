using System.Text.RegularExpressions;

namespace BriWatch.Storage.Identity;

/// <summary>
/// What an owner id may look like: slug-like, so it is safe in URLs, logs and command lines, and still able to hold the
/// e-mail-like owners subscriptions already name (<c>me@example.org</c>).
/// </summary>
public static partial class OwnerIds
{
    public const int MaxLength = 64;

    public const string Rule = "1 to 64 lower-case letters, digits and . _ - @ +, starting with a letter or digit";

    public static bool IsValid(string? ownerId) => ownerId is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(ownerId);

    [GeneratedRegex("^[a-z0-9][a-z0-9._@+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
