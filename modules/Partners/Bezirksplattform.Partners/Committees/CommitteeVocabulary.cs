using FluentValidation;

namespace Bezirksplattform.Partners.Committees;

/// <summary>Kinds of committee (Gremium), as the API and the database spell them.</summary>
internal static class CommitteeKinds
{
    public const string SteeringGroup = "steering_group";          // Steuerungsgruppe
    public const string WorkingGroup = "working_group";            // Arbeitsgruppe, e.g. AG SRO
    public const string CooperationCommittee = "cooperation_committee"; // Kooperationsgremium of an agreement
    public const string Other = "other";

    public static readonly string[] All = [SteeringGroup, WorkingGroup, CooperationCommittee, Other];
}

/// <summary>Roles of a membership. Only one chair at a time (database constraint); deputies may be several.</summary>
internal static class MembershipRoles
{
    public const string Chair = "chair";
    public const string Deputy = "deputy";
    public const string Member = "member";
    public const string Guest = "guest";

    public static readonly string[] All = [Chair, Deputy, Member, Guest];
}

internal static class MeetingStatuses
{
    public const string Planned = "planned";
    public const string Held = "held";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Planned, Held, Cancelled];
}

internal static class AttendanceStatuses
{
    public static readonly string[] All = ["present", "excused", "absent"];
}

/// <summary>Entity types of partners.history written by this area.</summary>
internal static class CommitteeHistoryTypes
{
    public const string Committee = "committee";
    public const string Membership = "membership";
    public const string Meeting = "meeting";
}

internal static class Allowed
{
    public static string Message(IEnumerable<string> values) => $"Erlaubt: {string.Join(", ", values)}.";
}

internal static class Input
{
    /// <summary>Trimmed text, or null for missing or blank input.</summary>
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A request carrying a term of inclusive days: From required, Until open or not before From.</summary>
internal interface ITermInput
{
    DateOnly? From { get; }
    DateOnly? Until { get; }
}

internal sealed class TermValidator : AbstractValidator<ITermInput>
{
    public TermValidator()
    {
        RuleFor(x => x.From).NotNull().WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.Until).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.Until is not null)
            .WithMessage("Muss am oder nach 'from' liegen.");
    }
}
