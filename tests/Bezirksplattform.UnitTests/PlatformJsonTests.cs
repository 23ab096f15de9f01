using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Http;

namespace Bezirksplattform.UnitTests;

public sealed class PlatformJsonTests
{
    private enum Stage { IdeaCheck, BusinessPlan }

    private sealed record Sample(DateTimeOffset At, Stage Stage, string DisplayName);

    [Fact]
    public void Instants_are_written_in_utc_with_z_whatever_their_offset()
    {
        var berlin = new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2));
        var json = JsonSerializer.Serialize(new Sample(berlin, Stage.BusinessPlan, "x"), PlatformJson.Options);

        Assert.Equal("""{"at":"2026-03-29T01:30:00Z","stage":"businessPlan","displayName":"x"}""", json);
    }

    [Fact]
    public void Instants_with_an_offset_are_read_as_utc_and_without_one_are_refused()
    {
        var read = JsonSerializer.Deserialize<Sample>("""{"at":"2026-10-25T02:30:00+01:00","stage":"ideaCheck","displayName":"x"}""", PlatformJson.Options)!;
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), read.At);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);

        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<Sample>("""{"at":"2026-10-25T02:30:00","stage":"ideaCheck","displayName":"x"}""", PlatformJson.Options));
    }

    [Fact]
    public void Enums_travel_as_camel_case_names_and_numbers_are_refused()
    {
        Assert.Equal(Stage.IdeaCheck, JsonSerializer.Deserialize<Sample>("""{"at":"2026-01-01T00:00:00Z","stage":"ideaCheck","displayName":"x"}""", PlatformJson.Options)!.Stage);
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<Sample>("""{"at":"2026-01-01T00:00:00Z","stage":1,"displayName":"x"}""", PlatformJson.Options));
    }
}
