using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Bezirksplattform.Content.Webhooks;

/// <summary>
/// Keeps webhooks away from the platform's own network (SSRF). Checked twice: when a URL is
/// saved (IP literals and localhost names, for a clear 400) and when the sender connects (every
/// address the host name resolves to at that moment, which also defeats DNS rebinding and names
/// that point at private addresses).
/// </summary>
internal static class WebhookAddressGuard
{
    /// <summary>Why <paramref name="url"/> cannot be a webhook target, in German; null if it can.</summary>
    public static string? Problem(string? url, bool allowPrivateAddresses)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return "Erwartet wird eine absolute http- oder https-Adresse, z. B. https://www.example.de/hooks/inhalte.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "Die Adresse darf keine Zugangsdaten enthalten.";
        if (!string.IsNullOrEmpty(uri.Fragment))
            return "Die Adresse darf keinen Anker (#…) enthalten.";
        if (allowPrivateAddresses) return null;

        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return "Lokale Adressen sind als Ziel nicht erlaubt.";
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address) && !IsPublic(address))
            return "Private, lokale und reservierte IP-Adressen sind als Ziel nicht erlaubt.";
        return null;
    }

    /// <summary>Whether an address is reachable on the public internet (not loopback, private, link-local, reserved, …).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return IsPublic(address.MapToIPv4());
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] is 0 or 10 or 127 or >= 224                  // this network, private, loopback, multicast and reserved
                     || (b[0] == 100 && (b[1] & 0xC0) == 64)           // 100.64.0.0/10 carrier-grade NAT
                     || (b[0] == 169 && b[1] == 254)                   // link-local, cloud metadata services
                     || (b[0] == 172 && (b[1] & 0xF0) == 16)           // 172.16.0.0/12
                     || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)   // IETF protocol assignments, TEST-NET-1
                     || (b[0] == 192 && b[1] == 88 && b[2] == 99)      // 6to4 relay anycast
                     || (b[0] == 198 && (b[1] & 0xFE) == 18)           // 198.18.0.0/15 benchmarking
                     || (b[0] == 198 && b[1] == 51 && b[2] == 100)     // TEST-NET-2
                     || (b[0] == 203 && b[1] == 0 && b[2] == 113));    // TEST-NET-3
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (b.Take(12).All(x => x == 0)) return false;                 // ::, ::1 and the old IPv4-compatible form
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) // NAT64: judge the embedded IPv4 address
            return b[4..12].All(x => x == 0) && IsPublic(new IPAddress(b[12..16]));
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublic(new IPAddress(b[2..6])); // 6to4: judge the embedded IPv4 address
        return !((b[0] & 0xFE) == 0xFC                                 // fc00::/7 unique local
                 || (b[0] == 0xFE && (b[1] & 0x80) == 0x80)            // fe80::/10 link-local, fec0::/10 site-local
                 || b[0] == 0xFF                                        // multicast
                 || (b[0] == 0x01 && b[1] == 0x00 && b[2..8].All(x => x == 0)) // 100::/64 discard
                 || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // 2001:db8::/32 documentation
                 || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)); // 2001::/32 Teredo tunnels
    }

    /// <summary>
    /// The sender's connect step: resolves the host itself and connects only to public addresses
    /// (unless private ones are allowed), so the check and the connection use the same addresses.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateAddresses, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!allowPrivateAddresses)
        {
            addresses = addresses.Where(IsPublic).ToArray();
            if (addresses.Length == 0) throw new WebhookAddressRefusedException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

internal sealed class WebhookAddressRefusedException(string host)
    : Exception($"Die Zieladresse {host} ist privat, lokal oder reserviert; Zustellung nicht erlaubt.");
