namespace BriWatch.Storage.Identity;

public interface IUserStore
{
    Task<User?> GetAsync(string ownerId, CancellationToken cancellationToken);

    /// <summary>Every user, oldest first.</summary>
    Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when the owner id is taken. Default CreatedAt/UpdatedAt are stamped from the clock.</summary>
    Task<bool> CreateAsync(User user, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces display name, email, role and disabled flag, keeping the stored CreatedAt and setting UpdatedAt to the
    /// clock's now; false when absent.
    /// </summary>
    Task<bool> UpdateAsync(User user, CancellationToken cancellationToken);
}
