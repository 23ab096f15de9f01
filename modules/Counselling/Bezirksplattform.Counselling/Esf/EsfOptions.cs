using Microsoft.Extensions.Configuration;

namespace Bezirksplattform.Counselling.Esf;

/// <summary>Settings of section Counselling:Esf. See ADR 0017 for why the retention is configurable.</summary>
internal sealed class EsfOptions
{
    /// <summary>Years the minimal ESF record is kept after 31 December of the year of leaving (the legal hold).</summary>
    public int RetentionYears { get; set; } = 10;

    public static EsfOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection("Counselling:Esf").Get<EsfOptions>() ?? new EsfOptions();
        if (options.RetentionYears is < 1 or > 50)
            throw new InvalidOperationException("Counselling:Esf:RetentionYears must be between 1 and 50.");
        return options;
    }

    /// <summary>31 December of the year of leaving plus the configured years.</summary>
    public DateOnly RetainUntil(DateOnly leftOn) => new(leftOn.Year + RetentionYears, 12, 31);
}
