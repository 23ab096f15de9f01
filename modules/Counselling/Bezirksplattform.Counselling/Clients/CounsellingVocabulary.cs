namespace Bezirksplattform.Counselling.Clients;

/// <summary>The module's fixed value lists; the migration's check constraints list the same values.</summary>
internal static class CounsellingVocabulary
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(["person", "organisation"]);

    public static readonly IReadOnlySet<string> PersonTargetGroups =
        new HashSet<string>(["unemployed", "long_term_unemployed", "young_person", "employed", "inactive", "volunteer"]);

    public static readonly IReadOnlySet<string> OrganisationTargetGroups = new HashSet<string>(["company", "association"]);

    public static readonly IReadOnlySet<string> Channels = new HashSet<string>(["in_person", "phone", "video", "email", "outreach"]);

    public static readonly IReadOnlySet<string> Topics = new HashSet<string>([
        "career_planning", "education_counselling", "application_support", "career_orientation_internships", "recruitment_advice",
        "funding_research", "start_up_advice", "volunteer_placement",
    ]);

    public static readonly IReadOnlySet<string> ConsentPurposes =
        new HashSet<string>(["counselling", "esf_reporting", "partner_referral", "email_contact"]);

    public static IReadOnlySet<string> TargetGroupsFor(string? kind) => kind == "organisation" ? OrganisationTargetGroups : PersonTargetGroups;

    public static string Allowed(IEnumerable<string> values) => "Erlaubt: " + string.Join(", ", values.Order(StringComparer.Ordinal)) + ".";

    public const string EmailPattern = @"^[^@\s]+@[^@\s]+\.[^@\s]+$";

    /// <summary>A district region code as used by the partner network's regions, e.g. "0901" or "lpz-volkmarsdorf".</summary>
    public const string DistrictPattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$";
}
