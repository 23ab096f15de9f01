namespace Bezirksplattform.Counselling.Esf;

/// <summary>ESF Plus value lists (Regulation (EU) 2021/1057, Annex I); migration 0002's check constraints list the same values.</summary>
internal static class EsfVocabulary
{
    /// <summary>Annex I: "women, men, non-binary persons"; not_stated when the person gives no answer.</summary>
    public static readonly IReadOnlyList<string> Genders = ["female", "male", "non_binary", "not_stated"];

    /// <summary>Exactly one of these (Annex I, EECO02/EECO04/EECO05).</summary>
    public static readonly IReadOnlyList<string> LabourMarketStatuses = ["employed", "unemployed", "inactive"];

    public static readonly IReadOnlyList<string> EducationLevels = ["isced_0_2", "isced_3_4", "isced_5_8"];

    /// <summary>Special-category answers; not_stated is the explicit "keine Angabe".</summary>
    public static readonly IReadOnlyList<string> SpecialAnswers = ["yes", "no", "not_stated"];

    public const string ProjectCodePattern = "^[a-z0-9][a-z0-9_-]{0,63}$";
}
