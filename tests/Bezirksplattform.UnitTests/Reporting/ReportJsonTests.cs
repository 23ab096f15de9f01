using System.Globalization;
using System.Text;
using Bezirksplattform.Reporting.Documents;
using Xunit;

namespace Bezirksplattform.UnitTests.Reporting;

/// <summary>The canonical snapshot bytes: fixed layout, independent of culture, the same for equal documents.</summary>
public sealed class ReportJsonTests
{
    private static ReportDocument Document() => new("quarterly-funder", "Förderbericht", new ReportPeriod("2026-Q3", "3. Quartal 2026", new(2026, 7, 1), new(2026, 9, 30)),
        true, new DateTimeOffset(2026, 10, 5, 6, 0, 0, TimeSpan.FromHours(2)),
        [new ReportSection("s", "Beratung", [new ReportTable("t", "Fälle", [new ReportColumn("n", "Anzahl"), new ReportColumn("e", "Euro", ReportUnits.Cents)],
            [new ReportRow("r", "Treptow-Köpenick", [ReportValue.Of(1234567), ReportValue.Withheld])], new ReportChart("bars", "n", "Fälle"))])]);

    [Fact]
    public void The_bytes_have_a_fixed_layout_in_record_order_with_utc_instants_and_plain_dates()
    {
        const string expected =
            """{"definition":"quarterly-funder","title":"Förderbericht","period":{"key":"2026-Q3","label":"3. Quartal 2026","from":"2026-07-01","to":"2026-09-30"},"forPublication":true,"generatedAt":"2026-10-05T04:00:00Z","sections":[{"key":"s","title":"Beratung","tables":[{"key":"t","title":"Fälle","columns":[{"key":"n","label":"Anzahl","unit":"count"},{"key":"e","label":"Euro","unit":"cents"}],"rows":[{"key":"r","label":"Treptow-Köpenick","values":[{"number":1234567,"suppressed":false},{"number":null,"suppressed":true}]}],"chart":{"kind":"bars","columnKey":"n","title":"Fälle"},"note":null}],"note":null}]}""";
        Assert.Equal(expected, Encoding.UTF8.GetString(ReportJson.Serialize(Document())));
    }

    [Fact]
    public void Equal_documents_give_equal_bytes_and_hashes_in_any_culture_and_read_back_equal()
    {
        var first = ReportJson.Serialize(Document());
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(first, ReportJson.Serialize(Document()));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal(ReportJson.Hash(first), ReportJson.Hash(ReportJson.Serialize(Document())));
        Assert.Matches("^[0-9a-f]{64}$", ReportJson.Hash(first));
        var back = ReportJson.Deserialize(first);
        Assert.Equal(first, ReportJson.Serialize(back));
        Assert.NotEqual(ReportJson.Hash(first), ReportJson.Hash(ReportJson.Serialize(Document() with { ForPublication = false })));
    }
}
