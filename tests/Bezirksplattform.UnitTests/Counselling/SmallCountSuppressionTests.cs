using Microsoft.Extensions.Configuration;
using Bezirksplattform.Counselling.Esf;
using Bezirksplattform.Counselling.Reporting;

namespace Bezirksplattform.UnitTests.Counselling;

public sealed class SmallCountSuppressionTests
{
    private static SmallCountSuppression Table(params (string Cell, int Value)[] cells)
    {
        var table = new SmallCountSuppression();
        foreach (var (cell, value) in cells) table.Add(cell, value);
        return table;
    }

    [Fact]
    public void Counts_from_1_to_4_are_withheld_but_0_and_5_are_shown()
    {
        var table = Table(("zero", 0), ("one", 1), ("four", 4), ("five", 5));
        Assert.Equal(["four", "one"], table.Suppressed(forPublication: true).Order());
    }

    [Fact]
    public void Internal_figures_are_never_suppressed()
    {
        var table = Table(("total", 3), ("a", 3));
        table.Additive("total", ["a"]);
        Assert.Empty(table.Suppressed(forPublication: false));
    }

    [Fact]
    public void A_single_withheld_cell_of_an_additive_group_takes_the_smallest_non_zero_sibling_with_it()
    {
        // 20 = 12 + 6 + 2 + 0: "c" alone could be worked out as 20 − 12 − 6 − 0.
        var table = Table(("total", 20), ("a", 12), ("b", 6), ("c", 2), ("d", 0));
        table.Additive("total", ["a", "b", "c", "d"]);
        Assert.Equal(["b", "c"], table.Suppressed(true).Order());
    }

    [Fact]
    public void A_secondary_cell_that_leaves_another_group_with_one_withheld_cell_spreads_until_every_group_is_safe()
    {
        // Rows x, y; columns total, a, b. Only x.a is small: row x then takes x.b, column a takes y.a,
        // and column b, now with x.b alone, takes y.b; row y ends with two.
        var table = Table(("x.total", 10), ("x.a", 3), ("x.b", 7), ("y.total", 20), ("y.a", 9), ("y.b", 11),
            ("all.total", 30), ("all.a", 12), ("all.b", 18));
        table.Additive("x.total", ["x.a", "x.b"]);
        table.Additive("y.total", ["y.a", "y.b"]);
        table.Additive("all.a", ["x.a", "y.a"]);
        table.Additive("all.b", ["x.b", "y.b"]);
        var withheld = table.Suppressed(true);
        Assert.Equal(["x.a", "x.b", "y.a", "y.b"], withheld.Order());
    }

    [Theory]
    [InlineData("2026-05-31", "2026-11-30")]
    [InlineData("2026-08-31", "2027-02-28")]
    [InlineData("2026-01-15", "2026-07-15")]
    public void The_six_month_result_is_due_six_calendar_months_after_leaving_clamped_to_the_month_end(string leftOn, string due) =>
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            EsfDeadlines.SixMonthResultFrom(DateOnly.Parse(leftOn, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Entry_and_exit_data_are_due_four_weeks_after_the_day() =>
        Assert.Equal((new DateOnly(2026, 11, 30), new DateOnly(2026, 3, 1)),
            (EsfDeadlines.EntryDataDue(new DateOnly(2026, 11, 2)), EsfDeadlines.ExitDataDue(new DateOnly(2026, 2, 1))));
}

public sealed class EsfOptionsTests
{
    private static EsfOptions From(string? years) =>
        EsfOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(years is null ? [] : [new("Counselling:Esf:RetentionYears", years)]).Build());

    [Theory]
    [InlineData(null, "2026-01-02", "2036-12-31")]
    [InlineData("5", "2026-12-31", "2031-12-31")]
    [InlineData("12", "2027-06-15", "2039-12-31")]
    public void The_hold_ends_on_31_December_of_the_year_of_leaving_plus_the_configured_years(string? years, string leftOn, string until) =>
        Assert.Equal(DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture),
            From(years).RetainUntil(DateOnly.Parse(leftOn, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    public void An_unusable_horizon_stops_the_host(string years) => Assert.Throws<InvalidOperationException>(() => From(years));
}
