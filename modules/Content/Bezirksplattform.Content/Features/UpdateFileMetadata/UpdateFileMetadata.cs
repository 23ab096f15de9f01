using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Files;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Bezirksplattform.Content.Features.UpdateFileMetadata;

/// <summary>The body of PUT /api/content/files/{id}: the whole metadata; <c>version</c> is the one the editor loaded.</summary>
internal sealed record UpdateFileMetadataBody(
    string? Title,
    string? Language,
    string? AltText,
    bool Decorative,
    string? Caption,
    string? CreditAuthor,
    string? CreditLicence,
    decimal? FocalX,
    decimal? FocalY,
    int? Version);

/// <summary>An If-Match header: <c>*</c> or the versions (strong ETags such as <c>"3"</c>) it accepts.</summary>
internal sealed record IfMatchVersions(bool Any, int[] Versions)
{
    /// <summary>Null when the header is absent. A header without a readable version matches nothing.</summary>
    public static IfMatchVersions? From(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0) return null;
        if (!EntityTagHeaderValue.TryParseList(header, out var tags)) return new IfMatchVersions(false, []);
        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any))) return new IfMatchVersions(true, []);
        // If-Match compares strongly: a weak tag never matches.
        var versions = tags.Where(t => !t.IsWeak)
            .Select(t => int.TryParse(t.Tag.Value?.Trim('"'), out var v) ? v : (int?)null)
            .OfType<int>()
            .ToArray();
        return new IfMatchVersions(false, versions);
    }

    public bool Matches(int version) => Any || Versions.Contains(version);
}

internal sealed record UpdateFileMetadataCommand(
    Guid Id,
    string? Title,
    string? Language,
    string? AltText,
    bool Decorative,
    string? Caption,
    string? CreditAuthor,
    string? CreditLicence,
    decimal? FocalX,
    decimal? FocalY,
    int? Version,
    IfMatchVersions? IfMatch,
    Guid UpdatedBy) : ICommand<FileView>, IFileMetadata;

internal sealed class UpdateFileMetadataValidator : AbstractValidator<UpdateFileMetadataCommand>
{
    public UpdateFileMetadataValidator()
    {
        Include(new FileMetadataValidator());
        RuleFor(x => x.Title).NotEmpty();
    }
}

internal sealed class UpdateFileMetadataHandler(IDbSession db, TimeProvider clock) : IRequestHandler<UpdateFileMetadataCommand, FileView>
{
    private sealed record Current(string Kind, int Version);

    public async Task<FileView> Handle(UpdateFileMetadataCommand request, CancellationToken ct)
    {
        // Locked until commit, so the version checked is the version replaced.
        var current = await db.QuerySingleOrDefaultAsync<Current>(
            "select kind, version from content.files where id = @Id for update", new { request.Id }, ct)
            ?? throw new NotFoundException("Diese Datei gibt es nicht.");

        CheckPrecondition(request, current.Version);
        var isImage = current.Kind == FileKind.Image.Column();
        CheckImageFields(request, isImage);

        var updated = await db.QuerySingleAsync<FileView>(
            $"""
            update content.files
            set title = @Title, language = @Language, alt_text = @AltText, decorative = @Decorative, caption = @Caption,
                credit_author = @CreditAuthor, credit_licence = @CreditLicence, focal_x = @FocalX, focal_y = @FocalY,
                version = version + 1, updated_at = @Now, updated_by = @UpdatedBy
            where id = @Id
            returning {FileView.Columns}
            """,
            new
            {
                request.Id,
                Title = FileMetadataValidator.Clean(request.Title),
                Language = FileMetadataValidator.Clean(request.Language) ?? "de",
                AltText = FileMetadataValidator.Clean(request.AltText),
                request.Decorative,
                Caption = FileMetadataValidator.Clean(request.Caption),
                CreditAuthor = FileMetadataValidator.Clean(request.CreditAuthor),
                CreditLicence = FileMetadataValidator.Clean(request.CreditLicence),
                request.FocalX,
                request.FocalY,
                Now = clock.GetUtcNow(),
                request.UpdatedBy,
            }, ct);

        // Published answers that include this file are cached with its id as a tag: every host
        // evicts them when this transaction commits (see PublicApi/ContentChangeListener).
        await db.ExecuteAsync("select pg_notify(@channel, @payload)",
            new { channel = Publishing.Publisher.ChangeChannel, payload = request.Id.ToString() }, ct);
        return updated;
    }

    /// <summary>
    /// Whoever saves must say which version they edited: a stale If-Match is 412, a stale body
    /// version 409, neither 428. Nothing is written in any of these cases.
    /// </summary>
    private static void CheckPrecondition(UpdateFileMetadataCommand request, int currentVersion)
    {
        if (request.IfMatch is null && request.Version is null)
            throw new ProblemException(StatusCodes.Status428PreconditionRequired, "Vorbedingung erforderlich",
                "Bitte die bearbeitete Version mitschicken: im Header If-Match (ETag) oder im Feld version.",
                new Dictionary<string, string[]> { ["version"] = ["Die bearbeitete Version fehlt."] });

        if (request.IfMatch is { } ifMatch && !ifMatch.Matches(currentVersion))
            throw new PreconditionFailedException($"Die Datei wurde inzwischen geändert (aktuelle Version {currentVersion}). Bitte neu laden.");

        if (request.Version is { } version && version != currentVersion)
            throw new ConflictException($"Die Datei wurde inzwischen geändert: bearbeitet wurde Version {version}, aktuell ist Version {currentVersion}. Bitte neu laden.");
    }

    private static void CheckImageFields(UpdateFileMetadataCommand request, bool isImage)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (isImage)
        {
            if (!request.Decorative && FileMetadataValidator.Clean(request.AltText) is null)
                errors["altText"] = [FileMetadataValidator.AltTextRequired];
        }
        else
        {
            const string imagesOnly = "Gilt nur für Bilder, nicht für Downloads.";
            if (FileMetadataValidator.Clean(request.AltText) is not null) errors["altText"] = [imagesOnly];
            if (request.Decorative) errors["decorative"] = [imagesOnly];
            if (request.FocalX is not null) errors["focalX"] = [imagesOnly];
            if (request.FocalY is not null) errors["focalY"] = [imagesOnly];
        }

        if (errors.Count > 0)
            throw new ProblemException(StatusCodes.Status400BadRequest, "Die Anfrage ist ungültig.",
                "Mindestens ein Feld ist ungültig: " + string.Join(", ", errors.Keys) + ".", errors);
    }
}

internal static class UpdateFileMetadataEndpoint
{
    public static void MapUpdateFileMetadata(this IEndpointRouteBuilder content) =>
        content.MapPut("/files/{id:guid}", async (Guid id, UpdateFileMetadataBody body, HttpContext context, IMediator mediator, CancellationToken ct) =>
            {
                var file = await mediator.Send(new UpdateFileMetadataCommand(
                    id, body.Title, body.Language, body.AltText, body.Decorative, body.Caption, body.CreditAuthor, body.CreditLicence,
                    body.FocalX, body.FocalY, body.Version, IfMatchVersions.From(context.Request), CurrentUser.Required(context).Id), ct);
                FileVersionTag.Set(context, file.Version);
                return Results.Ok(file);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("UpdateFileMetadata")
            .WithSummary("Metadaten einer Datei ändern (If-Match oder version: die bearbeitete Version)")
            .Produces<FileView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
