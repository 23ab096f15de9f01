namespace Bezirksplattform.BuildingBlocks.Time;

/// <summary>People's local time. Instants are stored in UTC; this converts at the edges.</summary>
public static class BerlinTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static DateTimeOffset ToBerlin(this DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToBerlin().DateTime);
}
