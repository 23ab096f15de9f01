using Bezirksplattform.Counselling.Esf;

namespace Bezirksplattform.Counselling.FollowUps;

/// <summary>
/// What is due for a counsellor on a Berlin date, in one place: the digest job plans, cancels and
/// claims with this rule. The ESF deadlines come from the overdue list's rule (Esf/EsfDeadlines).
/// </summary>
internal static class DueItems
{
    public const string ConsultationFollowUp = "consultation_follow_up";
    public const string CaseTask = "case_task";
    public const string EsfEntryData = "esf_entry_data";
    public const string EsfExitData = "esf_exit_data";
    public const string EsfSixMonthResult = "esf_six_month_result";

    /// <summary>ESF deadlines (the rule itself is <see cref="EsfDeadlines"/>) are announced this many days ahead, so the data can still be recorded in time.</summary>
    public const int EsfWarningDays = 7;

    /// <summary>
    /// A CTE <c>eligible(item_kind, item_id, due_on, client_id, detail)</c> for the parameter <c>@today</c>:
    /// - a consultation's follow-up date has come and no later consultation with that client took place
    ///   (the later one is the follow-up);
    /// - an open task of an open case is due;
    /// - ESF entry data or exit data is missing and its 4-week deadline is at most 7 days away (or passed);
    /// - the six-month result of the latest stay is missing and six months since leaving have passed.
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
                select case e.kind when '{EsfDeadlines.EntryData}' then '{EsfEntryData}' when '{EsfDeadlines.ExitData}' then '{EsfExitData}'
                            else '{EsfSixMonthResult}' end,
                       coalesce(e.stay_id, e.participation_id), e.due_on, e.client_id, e.project_code
                from ({EsfDeadlines.PendingSql}) e
                where e.due_on <= @today + case when e.kind = '{EsfDeadlines.SixMonthResult}' then 0 else {EsfWarningDays} end
            ) d
            join counselling.clients c on c.id = d.client_id
            where c.erased_at is null and c.restricted_at is null
        )
        """;
}
