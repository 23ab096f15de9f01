namespace Bezirksplattform.Content.Webhooks;

/// <summary>The event types a subscription can ask for, as they appear in the payload's <c>type</c>.</summary>
internal static class WebhookEventTypes
{
    public const string ItemPublished = "item.published";
    public const string ItemUpdated = "item.updated";
    public const string ItemUnpublished = "item.unpublished";

    public static readonly IReadOnlyList<string> All = [ItemPublished, ItemUpdated, ItemUnpublished];
}
