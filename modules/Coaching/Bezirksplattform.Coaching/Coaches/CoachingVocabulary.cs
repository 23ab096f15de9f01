namespace Bezirksplattform.Coaching.Coaches;

/// <summary>The fixed values of coach profiles and session types, with the German words the API's messages use.</summary>
internal static class CoachingVocabulary
{
    /// <summary>From the idea to the business plan and on after founding (Existenzsicherung).</summary>
    public static readonly IReadOnlyList<string> Topics = ["idea_check", "business_plan", "financing", "marketing", "after_founding"];

    public static readonly IReadOnlyList<string> LocationKinds = ["room", "video", "phone"];

    public static string LocationLabel(string kind) => kind switch
    {
        "room" => "Beratungsraum",
        "video" => "Videogespräch",
        "phone" => "Telefon",
        _ => kind,
    };

    /// <summary>ISO 639-1 or -3 language codes in lower case (de, en, tr, ar, ...).</summary>
    public static bool IsLanguage(string code) => code.Length is 2 or 3 && code.All(c => c is >= 'a' and <= 'z');

    public static string Allowed(IReadOnlyList<string> values) => "Erlaubt: " + string.Join(", ", values) + ".";
}
