using FluentValidation;

namespace Bezirksplattform.Content.Webhooks;

/// <summary>Validation rules the create and update slices share.</summary>
internal static class WebhookRules
{
    public static void ValidWebhookUrl<T>(this IRuleBuilder<T, string?> rule, ContentWebhookOptions options) =>
        rule.NotEmpty().MaximumLength(2000).Custom((url, context) =>
        {
            if (string.IsNullOrEmpty(url)) return; // NotEmpty says so
            if (WebhookAddressGuard.Problem(url, options.AllowPrivateAddresses) is { } problem) context.AddFailure(problem);
        });

    public static void ValidWebhookEvents<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.NotEmpty().WithMessage("Mindestens ein Ereignis angeben: " + string.Join(", ", WebhookEventTypes.All) + ".");

    public static void ValidWebhookEvent<T>(this IRuleBuilderInitialCollection<T, string> rule) =>
        rule.Must(e => WebhookEventTypes.All.Contains(e))
            .WithMessage("Unbekanntes Ereignis. Erlaubt: " + string.Join(", ", WebhookEventTypes.All) + ".");

    public static string[] Normalized(string[] events) => events.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
