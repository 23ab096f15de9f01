using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Bezirksplattform.Coaching.Booking;

/// <summary>Settings of public booking (section <c>Coaching</c>).</summary>
internal sealed class BookingOptions
{
    /// <summary>HMAC key for manage links, base64, at least 32 bytes. Required in Production.</summary>
    public string? ManageLinkKey { get; set; }

    /// <summary>How long a manage link stays valid after the session has started.</summary>
    public TimeSpan ManageLinkValidAfterStart { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Where founders manage a booking, e.g. the district website's booking page
    /// (<c>https://bezirk.example/coaching/termin</c>); the link becomes <c>{base}/{id}?token=…</c>.
    /// Empty: the public API address of the booking.
    /// </summary>
    public string? ManageLinkBaseUrl { get; set; }

    /// <summary>
    /// The public booking page a referral invitation links to, e.g. <c>https://bezirk.example/coaching/buchen</c>;
    /// the link becomes <c>{base}?invitation={token}</c> and the page sends the token with the booking.
    /// Empty: the public API's list of session types.
    /// </summary>
    public string? InvitationLinkBaseUrl { get; set; }

    /// <summary>How long an invitation from a counselling referral can be used to book.</summary>
    public TimeSpan InvitationValidFor { get; set; } = TimeSpan.FromDays(60);

    /// <summary>How long a waitlist offer holds the seat; never beyond the session's cancel cut-off.</summary>
    public TimeSpan WaitlistOfferHold { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Bookings, changes and waitlist sign-ups per client address and minute on the anonymous API.</summary>
    public int PublicWritesPerMinute { get; set; } = 20;

    public static BookingOptions From(IConfiguration configuration) =>
        configuration.GetSection("Coaching").Get<BookingOptions>() ?? new BookingOptions();

    /// <summary>The configured key; null when none is set. A key that is set but unusable is a configuration error.</summary>
    public byte[]? ManageKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(ManageLinkKey)) return null;
        var text = ManageLinkKey.Trim();
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written < 32)
            throw new InvalidOperationException("Coaching:ManageLinkKey must be base64 of at least 32 bytes, e.g. from `openssl rand -base64 48`.");
        return buffer[..written];
    }

    public static byte[] RandomKey() => RandomNumberGenerator.GetBytes(32);
}
