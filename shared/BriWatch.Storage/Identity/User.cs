namespace BriWatch.Storage.Identity;

/// <summary>Someone who holds API keys and owns subscriptions. <see cref="OwnerId"/> is what subscriptions name as their owner.</summary>
public sealed record User
{
    public required string OwnerId { get; init; }
    public required string DisplayName { get; init; }
    public string? Email { get; init; }
    public UserRole Role { get; init; } = UserRole.Subscriber;
    /// <summary>A disabled user's keys stop working; the keys themselves are kept, so re-enabling restores them.</summary>
    public bool Disabled { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Subscribers see only their own objects; admins see everything. Subscriber is the default, so nobody is an admin by accident.</summary>
public enum UserRole
{
    Subscriber,
    Admin,
}
