using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Bezirksplattform.Coaching.Booking;

internal sealed record ManageLink(string Token, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// The founder's signed link to see, cancel or reschedule a booking (and to accept a waitlist
/// offer) without an account: booking id, token version and expiry, signed with HMAC-SHA256
/// (key <c>Coaching:ManageLinkKey</c>). The token is derived, never stored: the same booking
/// always yields the same link, which keeps idempotent replays byte-identical. Raising the
/// booking's token_version revokes earlier links. Outside Production a missing key is replaced
/// by a random one per process; in Production the host refuses to start without one.
/// Mails (notifications area) build their links here too.
/// </summary>
internal sealed class ManageLinks
{
    private const int PayloadLength = 16 + 4 + 8;
    private readonly byte[] _key;
    private readonly BookingOptions _options;

    public ManageLinks(BookingOptions options, IHostEnvironment environment)
    {
        _options = options;
        _key = options.ManageKeyBytes() ?? (environment.IsProduction()
            ? throw new InvalidOperationException(
                "Coaching:ManageLinkKey is not set. Production needs a fixed key for the founders' manage links, e.g. from `openssl rand -base64 48`.")
            : BookingOptions.RandomKey());
    }

    public ManageLink Issue(Guid bookingId, int tokenVersion, DateTimeOffset startsAt)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((startsAt + _options.ManageLinkValidAfterStart).ToUnixTimeSeconds());
        var payload = new byte[PayloadLength];
        bookingId.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(16, 4), tokenVersion);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(20, 8), expiresAt.ToUnixTimeSeconds());
        var token = Base64Url.EncodeToString([.. payload, .. HMACSHA256.HashData(_key, payload)]);
        var baseUrl = string.IsNullOrWhiteSpace(_options.ManageLinkBaseUrl)
            ? "/api/public/v1/coaching/bookings"
            : _options.ManageLinkBaseUrl.TrimEnd('/');
        return new ManageLink(token, $"{baseUrl}/{bookingId}?token={token}", expiresAt);
    }

    /// <summary>
    /// The token version a valid token carries. Throws 401 for a missing or expired token and
    /// 403 for one that was forged, altered or issued for another booking.
    /// </summary>
    public int Verify(string? token, Guid bookingId, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(token))
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Link unvollständig",
                "Es fehlt der Schlüssel aus Ihrem Buchungslink (Parameter token). Bitte öffnen Sie den Link aus Ihrer Bestätigungs-E-Mail.");
        byte[] bytes;
        try
        {
            bytes = token.Length <= 200 ? Base64Url.DecodeFromChars(token.Trim()) : [];
        }
        catch (FormatException)
        {
            bytes = [];
        }

        if (bytes.Length != PayloadLength + 32
            || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, bytes.AsSpan(0, PayloadLength)), bytes.AsSpan(PayloadLength)))
            throw new ProblemException(StatusCodes.Status403Forbidden, "Link ungültig",
                "Der Buchungslink ist ungültig oder wurde verändert. Bitte öffnen Sie den Link aus Ihrer E-Mail unverändert.");
        if (new Guid(bytes.AsSpan(0, 16)) != bookingId)
            throw new ProblemException(StatusCodes.Status403Forbidden, "Link ungültig", "Der Buchungslink gehört zu einer anderen Buchung.");
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(20, 8)));
        if (now >= expiresAt)
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Link abgelaufen",
                $"Der Buchungslink ist abgelaufen (gültig bis {BerlinText.DateTime(expiresAt)}). Der Termin liegt in der Vergangenheit.");
        return BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
    }
}
