namespace Bezirksplattform.Counselling.FollowUps;

/// <summary>
/// What is due for a counsellor on a Berlin date, in one place: the digest job plans, cancels and
/// claims with this rule. The ESF deadlines are the same as the overdue list's (Esf/EsfDeadlines);
/// the integrator may fold the two together.
/// </summary>
internal static class DueItems
{
    public const string ConsultationFollowUp = "consultation_follow_up";
    public const string CaseTask = "case_task";
    public const string EsfEntryData = "esf_entry_data";
    public const string EsfExitData = "esf_exit_data";
    public const string EsfSixMonthResult = "esf_six_month_result";

    /// <summary>Entry data within 4 weeks of first entry, exit data within 4 weeks of leaving (Regulation (EU) 2021/1057).</summary>
    public const int EsfDataDeadlineDays = 28;

    /// <summary>ESF deadlines are announced this many days ahead, so the data can still be recorded in time.</summary>
    public const int EsfWarningDays = 7;

    /// <summary>The longer-term result is asked this many months after leaving.</summary>
    public const int EsfResultMonths = 6;

    public static DateOnly EsfEntryDue(DateOnly firstEnteredOn) => firstEnteredOn.AddDays(EsfDataDeadlineDays);

    public static DateOnly EsfExitDue(DateOnly leftOn) => leftOn.AddDays(EsfDataDeadlineDays);

    public static DateOnly EsfResultDue(DateOnly leftOn) => leftOn.AddMonths(EsfResultMonths);

    /// <summary>
    /// A CTE <c>eligible(item_kind, item_id, due_on, client_id, detail)</c> for the parameter <c>@today</c>:
    /// - a consultation's follow-up date has come and no later consultation with that client took place
    ///   (the later one is the follow-up);
    /// - an open task of an open case is due;
    /// - ESF entry data or exit data is missing and its 4-week deadline is at most 7 days away (or passed);
    /// - the six-month result of a stay is missing and six months since leaving have passed.
    /// Restricted and erased clients are left out. <c>detail</c> is the case's service line or the ESF
    /// project code: never free text, because the digest leaves the system by mail.
    /// </summary>
    public static readonly string EligibleCte =
        $"""
        eligible as (
            select d.item_kind, d.item_id, d.due_on, d.client_id, d.detail
            from (
                select '{ConsultationFollowUp}'::text as item_kind, k.id as item_id, k.follow_up_on as due_on, k.client_id, null::text as detail
                from counselling.consultations k
                where k.follow_up_on <= @today
                  and not exists (select 1 from counselling.consultations later
                                  where later.client_id = k.client_id and later.occurred_on > k.occurred_on)
                union all
                select '{CaseTask}', a.id, a.due_on, cs.client_id, cs.service_line
                from counselling.case_activities a join counselling.cases cs on cs.id = a.case_id
                where a.kind = 'task' and a.done_at is null and a.due_on <= @today and cs.closed_on is null
                union all
                select '{EsfEntryData}', p.id, p.first_entered_on + {EsfDataDeadlineDays}, p.client_id, p.project_code
                from counselling.esf_participations p
                where p.entry_recorded_at is null and p.first_entered_on + {EsfDataDeadlineDays} <= @today + {EsfWarningDays}
                union all
                select '{EsfExitData}', s.id, s.left_on + {EsfDataDeadlineDays}, p.client_id, p.project_code
                from counselling.esf_stays s join counselling.esf_participations p on p.id = s.participation_id
                where s.left_on is not null and s.exit_recorded_at is null and s.left_on + {EsfDataDeadlineDays} <= @today + {EsfWarningDays}
                union all
                select '{EsfSixMonthResult}', s.id, (s.left_on + interval '{EsfResultMonths} months')::date, p.client_id, p.project_code
                from counselling.esf_stays s join counselling.esf_participations p on p.id = s.participation_id
                where s.left_on is not null and s.six_months_recorded_at is null
                  and (s.left_on + interval '{EsfResultMonths} months')::date <= @today
            ) d
            join counselling.clients c on c.id = d.client_id
            where c.erased_at is null and c.restricted_at is null
        )
        """;
}
