using Microsoft.AspNetCore.Identity;

namespace Bezirksplattform.Identity.Data;

/// <summary>A row of identity.staff_users as the slices read it.</summary>
internal sealed record StaffUserRecord(
    Guid Id, string UserName, string DisplayName, string? Email, string PasswordHash, string[] Roles, bool IsActive);

/// <summary>ASP.NET Core's hasher (PBKDF2-SHA512, 100,000 iterations); the user type is only a marker.</summary>
internal static class Passwords
{
    public static readonly PasswordHasher<StaffUserRecord> Hasher = new();

    // Verified when the user name is unknown, so that a wrong name takes as long as a wrong password.
    public static readonly string DummyHash = Hasher.HashPassword(null!, "not-a-real-password-" + Guid.NewGuid());

    public static string Hash(string password) => Hasher.HashPassword(null!, password);
}
