using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Agreements;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.AddAgreementDocument;

/// <summary>
/// A new version of the agreement's document: its file name, a note and the https address where the
/// file lives (e.g. the district office's document store). The platform keeps no file bytes (docs/adr/0013).
/// </summary>
internal sealed record AddDocumentBody(string? FileName, string? Url, string? Note, int? Version);

internal sealed record AddAgreementDocumentCommand(Guid AgreementId, string FileName, string Url, string? Note, ExpectedVersion Expected, Guid ActorId)
    : ICommand<AgreementView>;

internal sealed class AddAgreementDocumentValidator : AbstractValidator<AddAgreementDocumentCommand>
{
    public AddAgreementDocumentValidator()
    {
        RuleFor(x => x.FileName).NotEmpty().MaximumLength(255)
            .Must(n => n.IndexOfAny(['/', '\\']) < 0 && !n.Any(char.IsControl)).WithMessage("Nur ein Dateiname, ohne Pfad.");
        RuleFor(x => x.Url).NotEmpty().MaximumLength(2000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.UserInfo.Length == 0)
            .WithMessage("Absolute https-Adresse ohne Zugangsdaten, z. B. https://dokumente.berlin.de/kooperationsvereinbarung.pdf.");
        RuleFor(x => x.Note).MaximumLength(2000);
    }
}

internal sealed class AddAgreementDocumentHandler(IDbSession db, TimeProvider clock) : IRequestHandler<AddAgreementDocumentCommand, AgreementView>
{
    public async Task<AgreementView> Handle(AddAgreementDocumentCommand request, CancellationToken ct)
    {
        var (now, today) = (clock.GetUtcNow(), clock.Today());
        // The row lock on the agreement serialises version numbers.
        var agreement = await AgreementReads.LockAsync(db, request.AgreementId, today, request.Expected, ct);
        var id = Guid.CreateVersion7();
        var versionNo = await db.QuerySingleAsync<int>(
            """
            insert into partners.agreement_documents (id, agreement_id, version_no, file_name, url, note, uploaded_at, uploaded_by)
            select @id, @AgreementId, coalesce(max(version_no), 0) + 1, @FileName, @Url, @Note, @now, @ActorId
            from partners.agreement_documents where agreement_id = @AgreementId
            returning version_no
            """, new { id, request.AgreementId, request.FileName, request.Url, request.Note, now, request.ActorId }, ct);
        await AgreementReads.TouchAsync(db, request.AgreementId, "document_added",
            new { documentId = id, versionNo, request.FileName, request.Url, request.Note }, request.ActorId, now, ct);
        return await AgreementReads.ViewAsync(db, request.AgreementId, today, ct);
    }
}

internal static class AddAgreementDocumentEndpoint
{
    public static void MapAddAgreementDocument(this IEndpointRouteBuilder agreements) =>
        agreements.MapPost("/{id:guid}/documents", async (Guid id, AddDocumentBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                await AgreementReads.RespondAsync(mediator, new AddAgreementDocumentCommand(id, body.FileName?.Trim() ?? "", body.Url?.Trim() ?? "",
                    string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(), ExpectedVersion.From(http, body.Version), CurrentUser.Required(http).Id), http, ct))
            .RequireCoordinator()
            .WithName("AddAgreementDocument").WithSummary("Neue Dokumentversion (Dateiname, https-Adresse, Notiz) hinzufügen")
            .Produces<AgreementView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
