using FluentValidation;

namespace Bezirksplattform.Content.Files;

/// <summary>The editable metadata of a file, shared by the upload and update requests.</summary>
internal interface IFileMetadata
{
    string? Title { get; }
    string? Language { get; }
    string? AltText { get; }
    bool Decorative { get; }
    string? Caption { get; }
    string? CreditAuthor { get; }
    string? CreditLicence { get; }
    decimal? FocalX { get; }
    decimal? FocalY { get; }
}

/// <summary>Rules every file's metadata follows; slices <c>Include</c> it and add their own.</summary>
internal sealed class FileMetadataValidator : AbstractValidator<IFileMetadata>
{
    public FileMetadataValidator()
    {
        RuleFor(x => x.Title).MaximumLength(300);
        RuleFor(x => x.Language).Matches("^[a-z]{2,3}(-[A-Z]{2})?$").When(x => x.Language is not null)
            .WithMessage("Erwartet wird ein Sprachcode wie de, en oder de-DE.");
        RuleFor(x => x.AltText).MaximumLength(1000);
        RuleFor(x => x.Caption).MaximumLength(2000);
        RuleFor(x => x.CreditAuthor).MaximumLength(300);
        RuleFor(x => x.CreditLicence).MaximumLength(300);
        RuleFor(x => x.FocalX).InclusiveBetween(0m, 1m).When(x => x.FocalX is not null)
            .WithMessage("Erwartet wird eine Zahl von 0 (links) bis 1 (rechts).");
        RuleFor(x => x.FocalY).InclusiveBetween(0m, 1m).When(x => x.FocalY is not null)
            .WithMessage("Erwartet wird eine Zahl von 0 (oben) bis 1 (unten).");
        RuleFor(x => x.FocalY).NotNull().When(x => x.FocalX is not null)
            .WithMessage("Ein Fokuspunkt braucht focalX und focalY.");
        RuleFor(x => x.FocalX).NotNull().When(x => x.FocalY is not null)
            .WithMessage("Ein Fokuspunkt braucht focalX und focalY.");
    }

    public const string AltTextRequired =
        "Ein Bild braucht einen Alternativtext, außer es ist ausdrücklich als dekorativ markiert (decorative).";

    /// <summary>Trimmed text, or null for nothing but blanks.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
