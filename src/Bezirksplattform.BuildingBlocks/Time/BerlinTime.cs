namespace Bezirksplattform.BuildingBlocks.Time;

/// <summary>People's local time. Instants are stored in UTC; this converts at the edges.</summary>
public static class BerlinTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static DateTimeOffset ToBerlin(this DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The calendar date in Berlin at that instant.</summary>
    public static DateOnly BerlinDate(this DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToBerlin().DateTime);

    public static DateOnly Today(this TimeProvider clock) => clock.GetUtcNow().BerlinDate();
}
