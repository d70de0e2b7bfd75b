using BriWatch.Storage.Identity;

namespace BriWatch.Api.Identity;

/// <summary>A user as an admin creates (<c>POST /api/users</c>) or replaces (<c>PUT /api/users/{ownerId}</c>) them.</summary>
/// <param name="OwnerId">Required to create; on update optional, and then it must match the path.</param>
/// <param name="Role">Subscriber when absent, so nobody becomes an admin by omission.</param>
internal sealed record UserRequest(string? OwnerId, string? DisplayName, string? Email, UserRole? Role, bool? Disabled)
{
    public const int MaxEmailLength = 254;

    public Validation Validate()
    {
        var validation = new Validation();
        if (OwnerId is not null && !OwnerIds.IsValid(OwnerId))
        {
            validation.Add("ownerId", $"ownerId must be {OwnerIds.Rule}.");
        }

        validation.RequireText("displayName", DisplayName);
        // Only the shape a notification could be sent to; whether the mailbox exists is the user's business.
        if (Email is not null
            && (Email.Length > MaxEmailLength || Email.IndexOf('@', StringComparison.Ordinal) <= 0 || Email.EndsWith('@') || Email.Any(char.IsWhiteSpace)))
        {
            validation.Add("email", $"email must be an address such as someone@example.org, at most {MaxEmailLength} characters.");
        }

        return validation;
    }

    public User ToUser(string ownerId) => new()
    {
        OwnerId = ownerId,
        DisplayName = DisplayName!.Trim(),
        Email = Email,
        Role = Role ?? UserRole.Subscriber,
        Disabled = Disabled ?? false,
    };
}

internal sealed record UserResponse(string OwnerId, string DisplayName, string? Email, UserRole Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static UserResponse From(User user) =>
        new(user.OwnerId, user.DisplayName, user.Email, user.Role, user.Disabled, user.CreatedAt, user.UpdatedAt);
}
