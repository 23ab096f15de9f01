using System.Diagnostics;
using System.Globalization;
using Bezirksplattform.Counselling.Contracts;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Reporting.Features.MeasureSourceFigures;

/// <summary>
/// Host verb <c>report-source-figures</c>: gathers the counselling figures and ESF Plus indicators
/// the quarterly report reads, through the same Contracts queries, and prints how long that took
/// and the process's peak memory. Used by bench/reporting/run.sh; also a quick check of what a
/// report would see for a period, without creating a run.
/// </summary>
internal static class SourceFiguresCommandLine
{
    public const string Usage = "report-source-figures <from yyyy-MM-dd> <to yyyy-MM-dd> [--internal]   (counselling figures and ESF indicators, timed)";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        if (args.Length < 2 || !TryDate(args[0], out var from) || !TryDate(args[1], out var to) || to < from)
        {
            Console.Error.WriteLine("Usage: " + Usage);
            return 2;
        }

        var forPublication = !args.Contains("--internal");
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var watch = Stopwatch.StartNew();
        var figures = await mediator.Send(new GetCounsellingFiguresQuery(from, to, forPublication), ct);
        var figuresMs = watch.Elapsed.TotalMilliseconds;
        var indicators = await mediator.Send(new GetEsfIndicatorsQuery(from, to, null, forPublication), ct);
        var totalMs = watch.Elapsed.TotalMilliseconds;

        var consultations = figures.Breakdowns.FirstOrDefault(b => b.Measure == "consultations" && b.Dimension == "total")
            ?.Counts.FirstOrDefault()?.Value;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"period={from:yyyy-MM-dd}..{to:yyyy-MM-dd} publication={forPublication} consultations={consultations?.ToString(CultureInfo.InvariantCulture) ?? "withheld"} " +
            $"breakdowns={figures.Breakdowns.Count} cells={figures.Breakdowns.Sum(b => b.Counts.Count)} indicators={indicators.Indicators.Count} " +
            $"figures_ms={figuresMs:0} esf_ms={totalMs - figuresMs:0} total_ms={totalMs:0} " +
            $"peak_working_set_mb={process.PeakWorkingSet64 / 1048576.0:0.0} managed_heap_mb={GC.GetTotalMemory(false) / 1048576.0:0.0}"));
        return 0;
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
