using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.BuildingBlocks.Mail;

/// <summary>An e-mail to send: plain text, optional attachments (e.g. an iCalendar invitation).</summary>
public sealed record OutgoingMail(string To, string Subject, string TextBody, IReadOnlyList<MailAttachment>? Attachments = null)
{
    /// <summary>Shown as the recipient's name; optional.</summary>
    public string? ToName { get; init; }
}

/// <summary>An attachment; <paramref name="ContentType"/> e.g. <c>text/calendar; method=REQUEST; charset=utf-8</c>.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Sends e-mail. Callers that must send exactly once keep their own row with a status and call
/// this after claiming it; a thrown exception means "not sent, try again later".
/// </summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct = default);
}

/// <summary>
/// <c>Mail</c> settings. Without <see cref="SmtpHost"/> mails are written as <c>.eml</c> files to
/// <see cref="PickupDirectory"/> (default <c>var/mail</c> under the content root), so a developer
/// machine needs no mail server and nothing leaves it.
/// </summary>
public sealed class MailOptions
{
    public string From { get; set; } = "Bezirksplattform <noreply@bezirksplattform.localhost>";
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public bool SmtpEnableSsl { get; set; } = true;
    public string? SmtpUserName { get; set; }
    public string? SmtpPassword { get; set; }
    public string? PickupDirectory { get; set; }
}

internal sealed class SmtpMailSender(IOptions<MailOptions> options, IHostEnvironment environment) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        var settings = options.Value;
        using var message = new MailMessage
        {
            From = new MailAddress(settings.From),
            Subject = mail.Subject,
            Body = mail.TextBody,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        message.To.Add(new MailAddress(mail.To, mail.ToName));
        foreach (var attachment in mail.Attachments ?? [])
        {
            var part = new Attachment(new MemoryStream(attachment.Content), new ContentType(attachment.ContentType)) { Name = attachment.FileName };
            part.ContentDisposition!.FileName = attachment.FileName;
            message.Attachments.Add(part);
        }

        using var client = new SmtpClient();
        if (settings.SmtpHost is { Length: > 0 } host)
        {
            client.Host = host;
            client.Port = settings.SmtpPort;
            client.EnableSsl = settings.SmtpEnableSsl;
            client.DeliveryMethod = SmtpDeliveryMethod.Network;
            if (settings.SmtpUserName is { Length: > 0 } user)
                client.Credentials = new NetworkCredential(user, settings.SmtpPassword);
        }
        else
        {
            var folder = PickupFolder(settings, environment);
            Directory.CreateDirectory(folder);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = folder;
        }

        await client.SendMailAsync(message, ct);
    }

    internal static string PickupFolder(MailOptions settings, IHostEnvironment environment) =>
        Path.GetFullPath(settings.PickupDirectory is { Length: > 0 } dir ? dir : Path.Combine("var", "mail"), environment.ContentRootPath);
}

public static class MailSetup
{
    public static IServiceCollection AddPlatformMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection("Mail"));
        services.AddSingleton<IMailSender, SmtpMailSender>();
        return services;
    }
}
