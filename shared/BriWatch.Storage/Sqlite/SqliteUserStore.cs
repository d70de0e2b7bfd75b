using BriWatch.Storage.Identity;
using BriWatch.Storage.Validation;
using Microsoft.Data.Sqlite;

namespace BriWatch.Storage.Sqlite;

public sealed class SqliteUserStore(SqliteStorage storage, TimeProvider time) : IUserStore
{
    public async Task<User?> GetAsync(string ownerId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT * FROM users WHERE owner_id = @owner_id;", c => c.With("@owner_id", ownerId), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync("SELECT * FROM users ORDER BY created_at, owner_id;", _ => { }, cancellationToken);

    public async Task<bool> CreateAsync(User user, CancellationToken cancellationToken)
    {
        IdentityRules.Validate(user);
        var now = time.GetUtcNow();
        var stored = user with
        {
            CreatedAt = user.CreatedAt == default ? now : user.CreatedAt,
            UpdatedAt = user.UpdatedAt == default ? now : user.UpdatedAt,
        };
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = Bind(connection.Command("""
            INSERT INTO users (owner_id, display_name, email, role, disabled, created_at, updated_at)
            VALUES (@owner_id, @display_name, @email, @role, @disabled, @created_at, @updated_at)
            ON CONFLICT (owner_id) DO NOTHING;
            """), stored);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> UpdateAsync(User user, CancellationToken cancellationToken)
    {
        IdentityRules.Validate(user);
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = Bind(connection.Command("""
            UPDATE users SET display_name = @display_name, email = @email, role = @role, disabled = @disabled, updated_at = @updated_at
            WHERE owner_id = @owner_id;
            """), user with { UpdatedAt = time.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static SqliteCommand Bind(SqliteCommand command, User user) => command
        .With("@owner_id", user.OwnerId)
        .With("@display_name", user.DisplayName)
        .With("@email", user.Email)
        .With("@role", user.Role.ToString())
        .With("@disabled", user.Disabled ? 1 : 0)
        .With("@created_at", SqliteValues.ToMs(user.CreatedAt))
        .With("@updated_at", SqliteValues.ToMs(user.UpdatedAt));

    private async Task<IReadOnlyList<User>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<User>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new User
            {
                OwnerId = reader.Text("owner_id"),
                DisplayName = reader.Text("display_name"),
                Email = reader.TextOrNull("email"),
                Role = SqliteValues.ParseEnum<UserRole>(reader.Text("role"), "role"),
                Disabled = reader.Bool("disabled"),
                CreatedAt = reader.Time("created_at"),
                UpdatedAt = reader.Time("updated_at"),
            });
        }

        return users;
    }
}
