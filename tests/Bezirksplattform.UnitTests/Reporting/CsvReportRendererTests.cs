using System.Text;
using Bezirksplattform.Reporting.Documents;
using Bezirksplattform.Reporting.Rendering;
using static Bezirksplattform.UnitTests.Reporting.ReportSamples;

namespace Bezirksplattform.UnitTests.Reporting;

public sealed class CsvReportRendererTests
{
    private static readonly ReportDocument Sample = Document(true, Section("beratung", "Beratung",
        new ReportTable("bezirke", "Nach Bezirk",
            [new ReportColumn("consultations", "Beratungen"), new ReportColumn("budget", "Budget in €", ReportUnits.Cents)],
            [
                Row("mitte", "Mitte; Nord", ReportValue.Of(1234), ReportValue.Of(123456)),
                Row("sued", "Sag \"Hallo\"\nZeile 2", ReportValue.Withheld, ReportValue.Of(7)),
                Row("formel", "=SUMME(A1)", ReportValue.Of(0), new ReportValue(987654, Suppressed: true)),
            ])));

    [Fact]
    public void Writes_the_documented_layout_byte_for_byte()
    {
        var expected =
            "section;table;row_key;row_label;column_key;column_label;unit;value;suppressed;value_eur\r\n" +
            "beratung;bezirke;mitte;\"Mitte; Nord\";consultations;Beratungen;count;1234;0;\r\n" +
            "beratung;bezirke;mitte;\"Mitte; Nord\";budget;Budget in €;cents;123456;0;1234,56\r\n" +
            "beratung;bezirke;sued;\"Sag \"\"Hallo\"\"\nZeile 2\";consultations;Beratungen;count;;1;\r\n" +
            "beratung;bezirke;sued;\"Sag \"\"Hallo\"\"\nZeile 2\";budget;Budget in €;cents;7;0;0,07\r\n" +
            "beratung;bezirke;formel;'=SUMME(A1);consultations;Beratungen;count;0;0;\r\n" +
            "beratung;bezirke;formel;'=SUMME(A1);budget;Budget in €;cents;;1;\r\n";

        var bytes = new CsvReportRenderer().Render(Sample);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public void A_withheld_value_is_not_in_the_file_even_if_the_document_carries_a_number()
    {
        var text = Encoding.UTF8.GetString(new CsvReportRenderer().Render(Sample));

        Assert.DoesNotContain("987654", text);
        Assert.DoesNotContain("9876,54", text);
    }

    [Fact]
    public void The_same_document_gives_the_same_bytes()
    {
        var renderer = new CsvReportRenderer();
        Assert.Equal(renderer.Render(Sample), renderer.Render(Sample with { Sections = [.. Sample.Sections] }));
    }
}
