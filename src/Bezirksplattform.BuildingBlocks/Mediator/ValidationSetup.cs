using System.Globalization;
using FluentValidation;

namespace Bezirksplattform.BuildingBlocks.Mediator;

/// <summary>German validation messages that name fields as clients send them ('userName').</summary>
public static class ValidationSetup
{
    public static void Configure()
    {
        ValidatorOptions.Global.LanguageManager.Culture = CultureInfo.GetCultureInfo("de");
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : char.ToLowerInvariant(member.Name[0]) + member.Name[1..];
    }
}
