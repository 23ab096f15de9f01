using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bezirksplattform.Reporting.Documents;
using Bezirksplattform.Reporting.Rendering;
using static Bezirksplattform.UnitTests.Reporting.ReportSamples;

namespace Bezirksplattform.UnitTests.Reporting;

public sealed partial class HtmlReportRendererTests
{
    private static string Render(ReportDocument document) => Encoding.UTF8.GetString(new HtmlReportRenderer().Render(document));

    private static ReportDocument TwoCharts() => Document(true,
        Section("beratung", "Beratung",
            CountsTable("bezirke", ("Mitte", ReportValue.Of(10)), ("Nord", ReportValue.Of(20)), ("Süd", ReportValue.Of(40)), ("Ost", ReportValue.Withheld)),
            new ReportTable("ohne", "Ohne Diagramm", [new ReportColumn("n", "Anzahl")], [Row("x", "X", ReportValue.Of(1))])),
        Section("foerderung", "Förderung",
            new ReportTable("programme", "Mittel je Programm", [new ReportColumn("budget", "Budget", ReportUnits.Cents)],
                [Row("esf", "ESF Plus", ReportValue.Of(123456)), Row("land", "Land", ReportValue.Of(5))],
                new ReportChart("bars", "budget", "Budget je Programm"))));

    [Fact]
    public void Draws_one_svg_per_chart_with_a_bar_per_shown_value_and_lengths_proportional_to_the_values()
    {
        var html = Render(TwoCharts());

        var svgs = SvgPattern().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(2, svgs.Count);
        Assert.All(svgs, svg => Assert.Contains("role=\"img\"", svg));
        Assert.All(svgs, svg => Assert.Matches("<title id=\"[^\"]+\">", svg));

        var first = svgs[0];
        Assert.Equal(4, Regex.Count(first, "class=\"bar-row\""));
        var widths = BarWidthPattern().Matches(first).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([75, 150, 300], widths); // 10 : 20 : 40, the largest filling the bar area
        Assert.Contains("Beratungen je Bezirk", first);
        Assert.Contains("Ost: nicht veröffentlicht", first);
    }

    [Fact]
    public void Shows_german_numbers_euros_berlin_time_the_hash_and_the_publication_badge()
    {
        var document = TwoCharts();
        var html = Render(document);

        Assert.Contains("<td class=\"num\">1.234,56\u00A0€</td>", html);
        Assert.Contains("<td class=\"num\">0,05\u00A0€</td>", html);
        Assert.Contains("3. Quartal 2026 (01.07.2026 – 30.09.2026)", html);
        Assert.Contains("05.10.2026, 06:00 Uhr", html);
        Assert.Contains(ReportJson.ContentHash(document), html);
        Assert.Contains("Zur Veröffentlichung", html);
        Assert.Contains("Intern – nicht zur Veröffentlichung", Render(document with { ForPublication = false }));

        var thousands = Document(false, Section("s", "S", CountsTable("t", ("A", ReportValue.Of(1234567)))));
        Assert.Contains("<td class=\"num\">1.234.567</td>", Render(thousands));
    }

    [Fact]
    public void Withheld_cells_show_the_marker_and_the_legend_but_never_the_value()
    {
        var document = Document(true, Section("s", "S",
            CountsTable("t", ("Mitte", ReportValue.Of(12)), ("Nord", new ReportValue(987654, Suppressed: true)))));

        var html = Render(document);

        Assert.Contains("<abbr title=\"nicht veröffentlicht\">*</abbr>", html);
        Assert.Contains("Kleine Zahlen (1–4) werden nicht veröffentlicht", html);
        Assert.DoesNotContain("987.654", html);
        Assert.DoesNotContain("987654", html);
        Assert.Single(BarWidthPattern().Matches(html));

        var nothingWithheld = Document(true, Section("s", "S", CountsTable("t", ("Mitte", ReportValue.Of(12)))));
        Assert.DoesNotContain("Kleine Zahlen", Render(nothingWithheld));
    }

    [Fact]
    public void Encodes_everything_that_comes_from_the_document()
    {
        const string evil = "<script>alert('x')</script>";
        var document = new ReportDocument("quarterly-funder", evil, new ReportPeriod("2026-Q3", evil, Q3.From, Q3.To), true, GeneratedAt,
        [
            new ReportSection("s", evil, [
                new ReportTable("t", evil, [new ReportColumn("n", evil)], [Row("r", evil, ReportValue.Of(3))],
                    new ReportChart("bars", "n", evil), Note: evil),
            ], Note: evil),
        ]);

        var html = Render(document);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
    }

    [Fact]
    public void Charts_with_only_zeros_or_only_withheld_values_render_without_bars_of_any_length()
    {
        var document = Document(true, Section("s", "S",
            CountsTable("zeros", ("A", ReportValue.Of(0)), ("B", ReportValue.Of(0))),
            CountsTable("withheld", ("A", ReportValue.Withheld), ("B", ReportValue.Withheld)),
            CountsTable("empty")));

        var html = Render(document);

        Assert.Equal(3, SvgPattern().Count(html));
        Assert.Equal(["0", "0"], BarWidthPattern().Matches(html).Select(m => m.Groups[1].Value));
        Assert.DoesNotContain("NaN", html);
        Assert.DoesNotContain("Infinity", html);
        Assert.DoesNotContain("∞", html);
    }

    [Fact]
    public void The_same_document_gives_the_same_bytes_in_every_format()
    {
        IReportRenderer[] renderers = [new CsvReportRenderer(), new JsonReportRenderer(), new HtmlReportRenderer()];
        foreach (var renderer in renderers)
            Assert.Equal(renderer.Render(TwoCharts()), renderer.Render(TwoCharts()));
    }

    [Fact]
    public void The_json_download_is_the_canonical_json_and_reads_back_to_the_same_bytes()
    {
        var document = TwoCharts();
        var json = new JsonReportRenderer().Render(document);

        Assert.Equal(ReportJson.Serialize(document), json);
        Assert.Equal(json, ReportJson.Serialize(ReportJson.Deserialize(json)));
        Assert.Contains("\"title\":\"Quartalsbericht für Fördermittelgeber\"", Encoding.UTF8.GetString(json));
    }

    [GeneratedRegex("<svg[^>]*>.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgPattern();

    [GeneratedRegex("<rect class=\"bar\" [^>]* width=\"([0-9.]+)\"")]
    private static partial Regex BarWidthPattern();
}
