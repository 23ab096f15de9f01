using Bezirksplattform.Counselling.Clients;
using FluentValidation;

namespace Bezirksplattform.Counselling.Esf;

/// <summary>The entry data fields as a request carries them: all nullable so that a missing one is a 400 naming it.</summary>
internal interface IEsfEntryFields
{
    string? Gender { get; }
    int? AgeAtEntry { get; }
    string? LabourMarketStatus { get; }
    int? UnemploymentMonths { get; }
    string? EducationLevel { get; }
    bool? ThirdCountryNational { get; }
    bool? ForeignBackground { get; }
    bool? Homeless { get; }
    bool? RuralArea { get; }
    string? Disability { get; }
    string? Minority { get; }
}

internal interface IEsfExitFields
{
    bool? JobSearching { get; }
    bool? InEducation { get; }
    bool? GainedQualification { get; }
    bool? Employed { get; }
}

/// <summary>Field rules shared by the ESF slices (entry on entering or later; exit on leaving or later).</summary>
internal static class EsfInputRules
{
    public static bool AnyEntry(IEsfEntryFields f) =>
        f.Gender is not null || f.AgeAtEntry is not null || f.LabourMarketStatus is not null || f.UnemploymentMonths is not null
        || f.EducationLevel is not null || f.ThirdCountryNational is not null || f.ForeignBackground is not null || f.Homeless is not null
        || f.RuralArea is not null || f.Disability is not null || f.Minority is not null;

    public static bool AnyExit(IEsfExitFields f) => f.JobSearching is not null || f.InEducation is not null || f.GainedQualification is not null || f.Employed is not null;

    /// <summary>Entry data come complete or not at all; the special categories may be left out (not recorded yet).</summary>
    public static void Entry<T>(AbstractValidator<T> v, Func<T, bool> when) where T : IEsfEntryFields
    {
        v.RuleFor(x => x.Gender).Must(g => g is not null && EsfVocabulary.Genders.Contains(g)).WithMessage(CounsellingVocabulary.Allowed(EsfVocabulary.Genders)).When(when);
        v.RuleFor(x => x.AgeAtEntry).NotNull().WithMessage("Alter bei Eintritt angeben.")
            .InclusiveBetween(0, 120).WithMessage("Ein Alter von 0 bis 120 Jahren.").When(when);
        v.RuleFor(x => x.LabourMarketStatus).Must(s => s is not null && EsfVocabulary.LabourMarketStatuses.Contains(s))
            .WithMessage("Genau einer von: employed (erwerbstätig, auch selbständig), unemployed (arbeitslos, auch langzeitarbeitslos), inactive (nicht erwerbstätig).")
            .When(when);
        v.RuleFor(x => x.UnemploymentMonths).NotNull().WithMessage("Bei arbeitslos die Dauer der Arbeitslosigkeit in Monaten angeben.")
            .When(x => when(x) && x.LabourMarketStatus == "unemployed");
        v.RuleFor(x => x.UnemploymentMonths).InclusiveBetween(0, 600).WithMessage("Eine Dauer von 0 bis 600 Monaten.").When(when);
        v.RuleFor(x => x.UnemploymentMonths).Null().WithMessage("Nur bei arbeitslos angeben.")
            .When(x => when(x) && x.LabourMarketStatus is "employed" or "inactive");
        v.RuleFor(x => x.EducationLevel).Must(e => e is not null && EsfVocabulary.EducationLevels.Contains(e))
            .WithMessage("Höchster Bildungsabschluss als ISCED-Stufe. " + CounsellingVocabulary.Allowed(EsfVocabulary.EducationLevels)).When(when);
        v.RuleFor(x => x.ThirdCountryNational).NotNull().WithMessage("Ja oder nein (true/false).").When(when);
        v.RuleFor(x => x.ForeignBackground).NotNull().WithMessage("Ja oder nein (true/false).").When(when);
        v.RuleFor(x => x.Homeless).NotNull().WithMessage("Ja oder nein (true/false).").When(when);
        v.RuleFor(x => x.RuralArea).NotNull().WithMessage("Ja oder nein (true/false).").When(when);
        v.RuleFor(x => x.Disability).Must(a => a is null || EsfVocabulary.SpecialAnswers.Contains(a))
            .WithMessage("yes, no oder not_stated (keine Angabe).");
        v.RuleFor(x => x.Minority).Must(a => a is null || EsfVocabulary.SpecialAnswers.Contains(a))
            .WithMessage("yes, no oder not_stated (keine Angabe).");
    }

    public static void Exit<T>(AbstractValidator<T> v, Func<T, bool> when) where T : IEsfExitFields
    {
        v.RuleFor(x => x.JobSearching).NotNull().WithMessage("Ja oder nein (true/false).").When(when);
        v.RuleFor(x => x.InEducation).NotNull().WithMessage("Ja oder nein (true/false).").When(when);
        v.RuleFor(x => x.GainedQualification).NotNull().WithMessage("Ja oder nein (true/false).").When(when);
        v.RuleFor(x => x.Employed).NotNull().WithMessage("Ja oder nein (true/false).").When(when);
    }

    public static EsfEntryData ToEntry(IEsfEntryFields f) =>
        new(f.Gender!, f.AgeAtEntry!.Value, f.LabourMarketStatus!, f.LabourMarketStatus == "unemployed" ? f.UnemploymentMonths : null,
            f.EducationLevel!, f.ThirdCountryNational!.Value, f.ForeignBackground!.Value, f.Homeless!.Value, f.RuralArea!.Value, f.Disability, f.Minority);

    public static EsfExitData ToExit(IEsfExitFields f) => new(f.JobSearching!.Value, f.InEducation!.Value, f.GainedQualification!.Value, f.Employed!.Value);

    /// <summary>Refuses a write naming a special category by someone without the permission (403, see <see cref="SpecialCategories"/>).</summary>
    public static void CheckSpecialCategories(IEsfEntryFields f, bool allowed)
    {
        if (!allowed && (f.Disability is not null || f.Minority is not null)) throw SpecialCategories.Forbidden();
    }

    public static string? Lower(string? value) => Inputs.Clean(value)?.ToLowerInvariant();
}
