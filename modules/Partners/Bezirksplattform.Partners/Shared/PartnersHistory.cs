using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Http;

namespace Bezirksplattform.Partners.Shared;

/// <summary>
/// The append-only change history (partners.history): who changed what and when. Written in the
/// same transaction as the change, so a change without its history row cannot exist.
/// </summary>
internal static class PartnersHistory
{
    public static Task RecordAsync(IDbSession db, string entityType, Guid entityId, string action, object? changes,
        Guid? actor, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync(
            """
            insert into partners.history (entity_type, entity_id, action, changes, changed_by, changed_at)
            values (@entityType, @entityId, @action, @changes::jsonb, @actor, @now)
            """,
            new { entityType, entityId, action, changes = JsonSerializer.Serialize(changes ?? new { }, PlatformJson.Options), actor, now }, ct);

    /// <summary>The fields whose values differ, as {field: {from, to}}; names as the API spells them.</summary>
    public static Dictionary<string, FieldChange> Diff<T>(T before, T after) where T : notnull
    {
        var a = JsonSerializer.SerializeToElement(before, PlatformJson.Options);
        var b = JsonSerializer.SerializeToElement(after, PlatformJson.Options);
        var changes = new Dictionary<string, FieldChange>();
        foreach (var property in b.EnumerateObject())
        {
            var old = a.TryGetProperty(property.Name, out var value) ? value : default;
            if (old.ValueKind == JsonValueKind.Undefined || old.GetRawText() != property.Value.GetRawText())
                changes[property.Name] = new FieldChange(old.ValueKind == JsonValueKind.Undefined ? null : old, property.Value);
        }
        return changes;
    }

    internal sealed record FieldChange(JsonElement? From, JsonElement To);
}
