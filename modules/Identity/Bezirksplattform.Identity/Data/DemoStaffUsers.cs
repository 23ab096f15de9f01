using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Seeding;
using Dapper;
using Npgsql;

namespace Bezirksplattform.Identity.Data;

/// <summary>
/// One demo account per role, plus three more counsellors so that the counselling demo has two
/// teams of two (Team Ost: beraterin, berater-ost; Team Berlin: beraterin-berlin, berater-berlin);
/// for local use only (README lists them). Their passwords are public
/// knowledge: demo data is loaded only by ./run.sh and the seed command, never in Production.
/// </summary>
internal sealed class DemoStaffUsers(NpgsqlDataSource db, TimeProvider clock) : IDemoDataSeeder
{
    public int Order => 0;

    public static readonly IReadOnlyList<(Guid Id, string UserName, string DisplayName, string Role)> Accounts =
    [
        (Guid.Parse("0193a000-0000-7000-8000-000000000001"), "admin", "Demo Administration", Roles.Admin),
        (Guid.Parse("0193a000-0000-7000-8000-000000000002"), "beraterin", "Demo Beraterin (Team Ost)", Roles.Counsellor),
        (Guid.Parse("0193a000-0000-7000-8000-000000000003"), "coach", "Demo Gründungscoach", Roles.Coach),
        (Guid.Parse("0193a000-0000-7000-8000-000000000004"), "redaktion", "Demo Redaktion", Roles.Editor),
        (Guid.Parse("0193a000-0000-7000-8000-000000000005"), "koordination", "Demo Bezirkskoordination", Roles.Coordinator),
        (Guid.Parse("0193a000-0000-7000-8000-000000000006"), "auswertung", "Demo Berichtswesen", Roles.Reporting),
        (Guid.Parse("0193a000-0000-7000-8000-000000000007"), "berater-ost", "Demo Berater (Team Ost)", Roles.Counsellor),
        (Guid.Parse("0193a000-0000-7000-8000-000000000008"), "beraterin-berlin", "Demo Beraterin (Team Berlin)", Roles.Counsellor),
        (Guid.Parse("0193a000-0000-7000-8000-000000000009"), "berater-berlin", "Demo Berater (Team Berlin)", Roles.Counsellor),
    ];

    public static string PasswordOf(string userName) => $"demo-{userName}-2026";

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var existing = (await connection.QueryAsync<string>("select user_name from identity.staff_users")).ToHashSet();
        foreach (var account in Accounts.Where(a => !existing.Contains(a.UserName)))
        {
            await connection.ExecuteAsync(
                """
                insert into identity.staff_users (id, user_name, display_name, email, password_hash, roles, created_at)
                values (@Id, @UserName, @DisplayName, @Email, @Hash, @Roles, @Now)
                on conflict do nothing
                """,
                new
                {
                    account.Id, account.UserName, account.DisplayName,
                    Email = $"{account.UserName}@demo.bezirksplattform.invalid",
                    Hash = Passwords.Hash(PasswordOf(account.UserName)),
                    Roles = new[] { account.Role },
                    Now = clock.GetUtcNow(),
                });
        }
    }
}
