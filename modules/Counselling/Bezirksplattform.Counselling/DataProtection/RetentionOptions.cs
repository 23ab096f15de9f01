using Microsoft.Extensions.Configuration;

namespace Bezirksplattform.Counselling.DataProtection;

/// <summary>Retention settings (section <c>Counselling:Retention</c>); the Art. 30 overview quotes them.</summary>
internal sealed class RetentionOptions
{
    /// <summary>A client with no activity for this many years is erased by the retention job (default 3).</summary>
    public int InactiveYears { get; set; } = 3;

    /// <summary>Access-log rows older than this many years are deleted by the retention job (default 2).</summary>
    public int AccessLogYears { get; set; } = 2;

    /// <summary>Who is responsible (Verantwortlicher), as printed in the records of processing.</summary>
    public string Controller { get; set; } = "Bezirksamt (Träger des Projekts Beschäftigungsentwicklung), vertreten durch die Bezirksbürgermeisterin bzw. den Bezirksbürgermeister";

    /// <summary>How to reach the data protection officer, as printed in the records of processing.</summary>
    public string DataProtectionOfficer { get; set; } = "Behördliche Datenschutzbeauftragte bzw. behördlicher Datenschutzbeauftragter des Bezirksamts";

    public static RetentionOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection("Counselling:Retention").Get<RetentionOptions>() ?? new RetentionOptions();
        if (options.InactiveYears is < 1 or > 30 || options.AccessLogYears is < 1 or > 30)
            throw new InvalidOperationException("Counselling:Retention:InactiveYears and AccessLogYears must be between 1 and 30.");
        return options;
    }
}
