using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Platform;

/// <summary>What the platform's Dapper set-up promises every handler, against real PostgreSQL.</summary>
public sealed class DapperTypesTests
{
    [Fact]
    public async Task An_instant_with_a_Berlin_offset_is_stored_as_that_instant()
    {
        DapperSetup.Configure();
        await using var db = await TestDatabase.CreateMigratedAsync();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var berlin = new DateTimeOffset(2027, 3, 9, 10, 0, 0, TimeSpan.FromHours(1));

        var stored = await connection.ExecuteScalarAsync<DateTimeOffset>("select @at::timestamptz", new { at = berlin });

        Assert.Equal(berlin.UtcDateTime, stored.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, stored.Offset);

        DateTimeOffset? maybe = berlin;
        var storedMaybe = await connection.ExecuteScalarAsync<DateTimeOffset?>("select @maybe::timestamptz", new { maybe });
        Assert.Equal(berlin.UtcDateTime, storedMaybe!.Value.UtcDateTime);
    }
}
