using Dapper;
using Microsoft.AspNetCore.Identity;

namespace Bezirksplattform.IntegrationTests.Infrastructure;

/// <summary>Arranges staff accounts the way an admin would have created them.</summary>
public static class StaffUsers
{
    private static readonly PasswordHasher<object> Hasher = new();

    public static async Task<Guid> CreateAsync(TestDatabase database, string userName, string password, params string[] roles)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into identity.staff_users (id, user_name, display_name, password_hash, roles, created_at)
            values (@id, @userName, @userName, @hash, @roles, now())
            """,
            new { id, userName, hash = Hasher.HashPassword(null!, password), roles });
        return id;
    }
}
