namespace Bezirksplattform.Counselling.Esf;

/// <summary>
/// What is due when for an ESF Plus participation, in one place: the overdue list and the
/// follow-up digest both read <see cref="PendingSql"/>; the handlers use the C# twins.
/// Entry data are due within 4 weeks of the first entry, exit data within 4 weeks of each
/// leaving (Annex I asks for both "within four weeks"), and the six-month result can be asked
/// from six months after the last leaving on. Dates are Berlin calendar dates.
/// </summary>
internal static class EsfDeadlines
{
    /// <summary>4 weeks: the last day entry or exit data are on time is entry/leaving + 28 days.</summary>
    public const int DataWindowDays = 28;

    public const int SixMonths = 6;

    public const string EntryData = "entry_data";
    public const string ExitData = "exit_data";
    public const string SixMonthResult = "six_month_result";

    public static readonly IReadOnlyList<string> Kinds = [EntryData, ExitData, SixMonthResult];

    public static DateOnly EntryDataDue(DateOnly firstEnteredOn) => firstEnteredOn.AddDays(DataWindowDays);

    public static DateOnly ExitDataDue(DateOnly leftOn) => leftOn.AddDays(DataWindowDays);

    /// <summary>The first day the six-month result may be recorded; it is due from then on.</summary>
    public static DateOnly SixMonthResultFrom(DateOnly leftOn) => leftOn.AddMonths(SixMonths);

    /// <summary>
    /// Every item still open, whatever the date: participation_id, client_id, project_code,
    /// stay_id (null for entry data), kind, due_on (the deadline) and listed_from (the first day
    /// it counts as overdue: the day after the deadline for entry and exit data, the day itself
    /// for the six-month result, which cannot be recorded earlier). days overdue = today − due_on.
    /// PostgreSQL's date + interval '6 months' clamps to the month's end like DateOnly.AddMonths.
    /// The six-month result is asked only for the latest stay: after a re-entry the earlier
    /// leaving was not the end of the participation.
    /// </summary>
    public static readonly string PendingSql =
        $"""
        select p.id as participation_id, p.client_id, p.project_code, null::uuid as stay_id, '{EntryData}' as kind,
               p.first_entered_on + {DataWindowDays} as due_on, p.first_entered_on + {DataWindowDays + 1} as listed_from
        from counselling.esf_participations p
        where p.entry_recorded_at is null
        union all
        select p.id, p.client_id, p.project_code, s.id, '{ExitData}',
               s.left_on + {DataWindowDays}, s.left_on + {DataWindowDays + 1}
        from counselling.esf_stays s join counselling.esf_participations p on p.id = s.participation_id
        where s.left_on is not null and s.exit_recorded_at is null
        union all
        select p.id, p.client_id, p.project_code, s.id, '{SixMonthResult}',
               (s.left_on + interval '{SixMonths} months')::date, (s.left_on + interval '{SixMonths} months')::date
        from counselling.esf_stays s join counselling.esf_participations p on p.id = s.participation_id
        where s.left_on is not null and s.six_months_recorded_at is null
          and not exists (select 1 from counselling.esf_stays later
                          where later.participation_id = s.participation_id and later.entered_on > s.entered_on)
        """;
}
