using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Bezirksplattform.IntegrationTests.Coaching;

/// <summary>
/// A mail server on 127.0.0.1 with a free port, speaking just enough SMTP for System.Net.Mail
/// (220, EHLO/HELO, MAIL FROM, RCPT TO, DATA … ".", RSET, NOOP, QUIT). It keeps every message it
/// accepted; it can refuse (451 to MAIL FROM) or answer slowly to make concurrent senders overlap.
/// </summary>
public sealed partial class SmtpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();
    private Task _accepting = Task.CompletedTask;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Answers 451 (try again later) to MAIL FROM while set.</summary>
    public bool Refuse { get; set; }

    /// <summary>Waits this long before accepting a message's data.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ReceivedMail> Mails => [.. _mails];

    /// <summary>Forgets what was received and accepts again, promptly.</summary>
    public void Clear()
    {
        _mails.Clear();
        Refuse = false;
        Delay = TimeSpan.Zero;
    }

    public IReadOnlyList<ReceivedMail> MailsTo(string address) => [.. _mails.Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase))];

    /// <summary>The settings that point the platform's mail sender here.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:SmtpHost"] = "127.0.0.1",
        ["Mail:SmtpPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:SmtpEnableSsl"] = "false",
        ["Mail:From"] = "Gründungscoaching <coaching@bezirk.example>",
    };

    public static SmtpReceiver Start()
    {
        var receiver = new SmtpReceiver();
        receiver._listener.Start();
        receiver._accepting = receiver.AcceptAsync();
        return receiver;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
        try
        {
            await writer.WriteLineAsync("220 127.0.0.1 Fake-SMTP bereit");
            string? from = null;
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (command)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 127.0.0.1");
                        break;
                    case "MAIL" when Refuse:
                        await writer.WriteLineAsync("451 4.3.0 Mailserver voruebergehend nicht verfuegbar");
                        break;
                    case "MAIL":
                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 Daten bis <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, _stop.Token);
                        _mails.Enqueue(new ReceivedMail(from ?? "", [.. to], data.ToString()));
                        await writer.WriteLineAsync("250 2.0.0 OK angenommen");
                        break;
                    case "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Tschuess");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Befehl unbekannt");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up or the test is over.
        }
    }

    private static string Address(string line) => AddressPattern().Match(line) is { Success: true } m ? m.Groups[1].Value : line;

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex AddressPattern();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

/// <summary>A message as the server received it, with a small MIME reader for what the tests look at.</summary>
public sealed partial record ReceivedMail(string From, string[] To, string Raw)
{
    public string Subject => DecodeWords(Header(HeaderBlock(Raw), "Subject") ?? "");

    /// <summary>The decoded text of the first text/plain part.</summary>
    public string Text => Parts().First(p => p.ContentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)).Text;

    public IReadOnlyList<MimePart> Attachments =>
        [.. Parts().Where(p => p.Disposition?.StartsWith("attachment", StringComparison.OrdinalIgnoreCase) == true || p.ContentType.StartsWith("text/calendar", StringComparison.OrdinalIgnoreCase))];

    public IReadOnlyList<MimePart> Parts() => Leaves(Raw);

    private static List<MimePart> Leaves(string entity)
    {
        var split = entity.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = HeaderBlock(entity);
        var body = split < 0 ? "" : entity[(split + 4)..];
        var contentType = Header(headers, "Content-Type") ?? "text/plain";
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = BoundaryPattern().Match(contentType).Groups[1].Value;
            var parts = body.Split("--" + boundary);
            return [.. parts.Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).SelectMany(p => Leaves(p.TrimStart('\r', '\n')))];
        }

        var encoding = Header(headers, "Content-Transfer-Encoding")?.Trim().ToLowerInvariant();
        var bytes = encoding switch
        {
            "base64" => Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))),
            "quoted-printable" => QuotedPrintable(body),
            _ => Encoding.Latin1.GetBytes(body),
        };
        return [new MimePart(contentType, Header(headers, "Content-Disposition"), bytes)];
    }

    private static string HeaderBlock(string entity)
    {
        var split = entity.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (split < 0 ? entity : entity[..split]).Replace("\r\n ", " ").Replace("\r\n\t", " ");
    }

    private static string? Header(string headerBlock, string name) =>
        headerBlock.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) is { } line ? line[(name.Length + 1)..].Trim() : null;

    private static byte[] QuotedPrintable(string body)
    {
        var text = body.Replace("=\r\n", "");
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.Add((byte)text[i]);
        }

        return [.. bytes];
    }

    /// <summary>RFC 2047 encoded words (=?utf-8?B?…?= and =?utf-8?Q?…?=); whitespace between two of them disappears.</summary>
    private static string DecodeWords(string value) =>
        EncodedWordPattern().Replace(EncodedWordGapPattern().Replace(value, "?="), m =>
        {
            var charset = Encoding.GetEncoding(m.Groups[1].Value);
            var bytes = m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(m.Groups[3].Value)
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
            return charset.GetString(bytes);
        });

    [GeneratedRegex("boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordPattern();

    [GeneratedRegex(@"\?=\s+(?==\?)")]
    private static partial Regex EncodedWordGapPattern();
}

public sealed record MimePart(string ContentType, string? Disposition, byte[] Content)
{
    public string Text => Encoding.UTF8.GetString(Content);
}
