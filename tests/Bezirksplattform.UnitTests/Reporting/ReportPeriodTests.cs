using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.UnitTests.Reporting;

public sealed class ReportPeriodTests
{
    private static readonly QuarterlyFunderReport Quarterly = new();
    private static readonly AnnualAllianceReport Annual = new();
    private static readonly MonthlyActivityOverview Monthly = new();

    [Theory]
    [InlineData("2026-Q3", "3. Quartal 2026", "2026-07-01", "2026-09-30")]
    [InlineData("2026-Q1", "1. Quartal 2026", "2026-01-01", "2026-03-31")]
    [InlineData("2024-Q4", "4. Quartal 2024", "2024-10-01", "2024-12-31")]
    public void A_quarter_key_parses_to_its_dates_and_German_label(string key, string label, string from, string to) =>
        Assert.Equal(new ReportPeriod(key, label, DateOnly.Parse(from), DateOnly.Parse(to)), Quarterly.ParsePeriod(key));

    [Fact]
    public void A_year_and_a_month_parse_with_German_labels()
    {
        Assert.Equal(new ReportPeriod("2026", "2026", new(2026, 1, 1), new(2026, 12, 31)), Annual.ParsePeriod("2026"));
        Assert.Equal(new ReportPeriod("2026-10", "Oktober 2026", new(2026, 10, 1), new(2026, 10, 31)), Monthly.ParsePeriod("2026-10"));
        Assert.Equal(new ReportPeriod("2028-02", "Februar 2028", new(2028, 2, 1), new(2028, 2, 29)), Monthly.ParsePeriod("2028-02"));
        Assert.Equal("März 2026", Monthly.ParsePeriod("2026-03")!.Label);
    }

    [Theory]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("2026-q3")]
    [InlineData("2026")]
    [InlineData("2026-10")]
    [InlineData(" 2026-Q3")]
    [InlineData("1999-Q1")]
    [InlineData("\u0662\u0660\u0662\u0666-Q3")] // Arabic-Indic digits: no quarter, and no exception
    [InlineData("")]
    public void Anything_but_a_quarter_is_no_quarterly_period(string key) => Assert.Null(Quarterly.ParsePeriod(key));

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-1")]
    [InlineData("2026-Q3")]
    [InlineData("2026")]
    [InlineData("26-10")]
    public void Anything_but_a_month_is_no_monthly_period(string key) => Assert.Null(Monthly.ParsePeriod(key));

    [Theory]
    [InlineData("2026-10")]
    [InlineData("20261")]
    [InlineData("abcd")]
    [InlineData("3000")]
    public void Anything_but_a_year_is_no_annual_period(string key) => Assert.Null(Annual.ParsePeriod(key));

    [Theory]
    [InlineData("2027-01-05", "2026-Q4")]
    [InlineData("2026-04-05", "2026-Q1")]
    [InlineData("2026-07-05", "2026-Q2")]
    [InlineData("2026-10-05", "2026-Q3")]
    public void A_scheduled_quarterly_run_covers_the_quarter_before(string firedOn, string key) =>
        Assert.Equal(key, Quarterly.PeriodForScheduledRun(DateOnly.Parse(firedOn)).Key);

    [Fact]
    public void Scheduled_annual_and_monthly_runs_cover_the_year_and_month_before()
    {
        Assert.Equal(new ReportPeriod("2026", "2026", new(2026, 1, 1), new(2026, 12, 31)), Annual.PeriodForScheduledRun(new(2027, 1, 15)));
        Assert.Equal(new ReportPeriod("2026-10", "Oktober 2026", new(2026, 10, 1), new(2026, 10, 31)), Monthly.PeriodForScheduledRun(new(2026, 11, 3)));
        Assert.Equal("2026-12", Monthly.PeriodForScheduledRun(new(2027, 1, 3)).Key);
    }

    [Fact]
    public void The_schedules_are_the_agreed_Quartz_crons()
    {
        Assert.Equal("0 0 6 5 1,4,7,10 ?", Quarterly.ScheduleCron);
        Assert.Equal("0 0 6 15 1 ?", Annual.ScheduleCron);
        Assert.Equal("0 0 6 3 * ?", Monthly.ScheduleCron);
        foreach (var cron in new[] { Quarterly.ScheduleCron, Annual.ScheduleCron, Monthly.ScheduleCron })
            Assert.NotNull(new global::Quartz.CronExpression(cron)); // throws on a malformed expression
    }

    [Fact]
    public void Small_counts_of_people_are_withheld_only_for_publication()
    {
        Assert.Equal(ReportValue.Of(0), SmallCounts.People(0, true));
        Assert.Equal(ReportValue.Withheld, SmallCounts.People(4, true));
        Assert.Equal(ReportValue.Of(5), SmallCounts.People(5, true));
        Assert.Equal(ReportValue.Of(3), SmallCounts.People(3, false));
    }

    [Fact]
    public void A_lone_withheld_part_of_a_breakdown_takes_the_smallest_other_part_with_it()
    {
        Assert.Equal<ReportValue>([ReportValue.Withheld, ReportValue.Of(12), ReportValue.Withheld, ReportValue.Of(0)], SmallCounts.Breakdown([3, 12, 7, 0], true));
        Assert.Equal<ReportValue>([ReportValue.Withheld, ReportValue.Withheld, ReportValue.Of(9)], SmallCounts.Breakdown([3, 2, 9], true));
        Assert.Equal<ReportValue>([ReportValue.Of(3), ReportValue.Of(9)], SmallCounts.Breakdown([3, 9], false));
    }
}
