namespace Bezirksplattform.Content.Webhooks;

/// <summary>Configuration section <c>Content:Webhooks</c>.</summary>
internal sealed class ContentWebhookOptions
{
    public const string Section = "Content:Webhooks";

    /// <summary>
    /// Whether subscriptions may point at loopback, private, link-local and similar addresses.
    /// Off in production: a webhook URL is chosen by staff, and the platform must not become a
    /// tool for probing its own network (SSRF). Tests turn it on for their loopback receiver.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Deliveries that ended as failed in a row before the subscription is disabled.</summary>
    public int DisableAfterConsecutiveFailures { get; set; } = 5;

    /// <summary>How long deliveries may keep failing without any success before the subscription is disabled.</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits between attempts; their count + 1 is the number of attempts. Null means
    /// <see cref="DefaultRetryDelays"/>. (Not defaulted in the property: the configuration
    /// binder appends configured array elements to a default array instead of replacing it.)
    /// </summary>
    public TimeSpan[]? RetryDelays { get; set; }

    /// <summary>Deliveries claimed (and sent concurrently) at once.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan PreviousSecretValidity { get; set; } = TimeSpan.FromHours(24);

    /// <summary>30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h, 12 h: ten attempts over about 34 hours.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromHours(12),
    ];

    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays is { Length: > 0 } delays ? delays : DefaultRetryDelays;

    public int MaxAttempts => EffectiveRetryDelays.Count + 1;

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt) => EffectiveRetryDelays[Math.Clamp(attempt - 1, 0, EffectiveRetryDelays.Count - 1)];

    /// <summary>
    /// A claimed delivery is not due again before this, so a crashed sender's deliveries are
    /// retried later instead of never; longer than any send can take (the timeout).
    /// </summary>
    public TimeSpan Lease => Timeout + TimeSpan.FromMinutes(2);
}
