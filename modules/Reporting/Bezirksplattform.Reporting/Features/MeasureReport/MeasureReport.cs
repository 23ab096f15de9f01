using System.Diagnostics;
using System.Globalization;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Documents;
using Bezirksplattform.Reporting.Rendering;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Reporting.Features.MeasureReport;

/// <summary>
/// Host verb <c>report-measure</c>: gathers one report exactly as a run does (the definition's
/// Contracts queries), serialises the frozen document and renders every download format, then prints
/// the time taken and the process's peak memory. No run or snapshot is stored. Used by
/// bench/reporting/run.sh; also a quick look at what a report would contain.
/// </summary>
internal static class MeasureReportCommandLine
{
    public const string Usage = "report-measure <definition> <period> [--internal]   (gather, serialise and render one report, timed; nothing stored)";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var definition = args.Length >= 2 ? services.GetServices<IReportDefinition>().FirstOrDefault(d => d.Key == args[0]) : null;
        var period = definition?.ParsePeriod(args[1]);
        if (definition is null || period is null)
        {
            Console.Error.WriteLine("Usage: " + Usage);
            Console.Error.WriteLine("Definitions: " + string.Join(", ", services.GetServices<IReportDefinition>().Select(d => d.Key)));
            return 2;
        }

        var forPublication = !args.Contains("--internal");
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var steps = new List<string>();
        var watch = Stopwatch.StartNew();
        var gathering = new ReportGathering(mediator, (progress, step, _) =>
        {
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{progress}%@{watch.Elapsed.TotalMilliseconds:0}ms"));
            return Task.CompletedTask;
        });
        var sections = await definition.GatherAsync(period, forPublication, gathering, ct);
        var gatherMs = watch.Elapsed.TotalMilliseconds;
        var document = new ReportDocument(definition.Key, definition.Title, period, forPublication,
            services.GetRequiredService<TimeProvider>().GetUtcNow(), sections);
        var json = ReportJson.Serialize(document);
        var sizes = services.GetServices<IReportRenderer>().Select(r => $"{r.Extension}={r.Render(document).Length}").ToList();
        var totalMs = watch.Elapsed.TotalMilliseconds;

        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"report={definition.Key} period={period.Key} publication={forPublication} sections={sections.Count} " +
            $"tables={sections.Sum(s => s.Tables.Count)} rows={sections.Sum(s => s.Tables.Sum(t => t.Rows.Count))} json_bytes={json.Length} " +
            $"{string.Join(' ', sizes)} hash={ReportJson.Hash(json)[..12]} gather_ms={gatherMs:0} total_ms={totalMs:0} steps={string.Join(',', steps)} " +
            $"peak_working_set_mb={process.PeakWorkingSet64 / 1048576.0:0.0} managed_heap_mb={GC.GetTotalMemory(false) / 1048576.0:0.0}"));
        return 0;
    }
}
