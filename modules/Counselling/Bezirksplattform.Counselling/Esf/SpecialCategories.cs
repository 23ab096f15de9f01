using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Counselling.Esf;

/// <summary>
/// Disability and minority are special categories of personal data (DSGVO Art. 9): only staff with
/// the extra role special_categories read or record them, admins included (administering the
/// platform is no need to know). Others see null and specialCategoriesHidden = true, and a write
/// that names them is refused with 403; the participation itself is not secret from them, so that
/// is no leak.
/// </summary>
internal static class SpecialCategories
{
    public static bool Allowed(HttpContext http) => CurrentUser.Required(http).IsInRole(Roles.SpecialCategories);

    public static ProblemException Forbidden() => new(StatusCodes.Status403Forbidden, "Keine Berechtigung",
        "Angaben zu Behinderung und Minderheit (besondere Kategorien, Art. 9 DSGVO) darf nur erfassen, wer die Berechtigung special_categories hat.");
}
