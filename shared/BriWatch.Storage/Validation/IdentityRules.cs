using BriWatch.Storage.Identity;

namespace BriWatch.Storage.Validation;

internal static class IdentityRules
{
    public static void Validate(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!OwnerIds.IsValid(user.OwnerId))
        {
            throw new ArgumentException($"User OwnerId '{user.OwnerId}' is not {OwnerIds.Rule}.", nameof(user));
        }

        if (string.IsNullOrWhiteSpace(user.DisplayName))
        {
            throw new ArgumentException("User DisplayName is required.", nameof(user));
        }

        if (user.Email is not null && (string.IsNullOrWhiteSpace(user.Email) || !user.Email.Contains('@', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"User Email '{user.Email}' must be null or an address with an @.", nameof(user));
        }

        if (!Enum.IsDefined(user.Role))
        {
            throw new ArgumentException($"User Role {(int)user.Role} is not a role.", nameof(user));
        }
    }

    public static void Validate(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!ApiKeys.IsPrefix(key.Prefix))
        {
            throw new ArgumentException($"ApiKey Prefix '{key.Prefix}' is not a key prefix ({ApiKeys.Marker} and {ApiKeys.PrefixRandomLength} base62 characters).", nameof(key));
        }

        if (!OwnerIds.IsValid(key.OwnerId))
        {
            throw new ArgumentException($"ApiKey OwnerId '{key.OwnerId}' is not {OwnerIds.Rule}.", nameof(key));
        }

        // A stored hash that is not one would make every presentation of the key fail, or worse, throw per request.
        if (key.SecretHash is not { Length: 64 } || !key.SecretHash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("ApiKey SecretHash must be a lower-case hex SHA-256 (64 characters).", nameof(key));
        }

        const ApiKeyScopes all = ApiKeyScopes.Read | ApiKeyScopes.Subscriptions | ApiKeyScopes.Admin;
        if (key.Scopes == ApiKeyScopes.None || (key.Scopes & ~all) != 0)
        {
            throw new ArgumentException($"ApiKey Scopes {(int)key.Scopes} must be one or more of read, subscriptions, admin.", nameof(key));
        }
    }
}
