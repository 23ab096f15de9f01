using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Partners.Network;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.SaveRegion;

/// <summary>
/// Coordinators add a region or rename, move or deactivate one. The code is the region's identity
/// in every module's read model, so it never changes; a region is never deleted, only deactivated.
/// Every change is published as <see cref="DistrictRegionChanged"/> in the same transaction.
/// </summary>
internal sealed record CreateRegionCommand(string Code, string Name, string DistrictCode, Guid ActorId) : ICommand<RegionView>;

internal sealed record UpdateRegionCommand(string Code, string Name, string? DistrictCode, bool? IsActive, int? ExpectedVersion, Guid ActorId)
    : ICommand<RegionView>;

internal sealed class CreateRegionValidator : AbstractValidator<CreateRegionCommand>
{
    public CreateRegionValidator()
    {
        RuleFor(x => x.Code).NotEmpty().MaximumLength(64).Matches("^[a-z0-9]+(-[a-z0-9]+)*$")
            .WithMessage("Kleinbuchstaben, Ziffern und Bindestriche, z. B. 0916 oder lpz-schoenefeld.");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.DistrictCode).NotEmpty();
    }
}

internal sealed class UpdateRegionValidator : AbstractValidator<UpdateRegionCommand>
{
    public UpdateRegionValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.DistrictCode).NotEmpty().When(x => x.DistrictCode is not null);
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(Versions.Missing);
    }
}

/// <summary>The fields a region change is recorded with in partners.history.</summary>
internal sealed record RegionState(string Name, string DistrictCode, bool IsActive);

internal sealed class CreateRegionHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock) : IRequestHandler<CreateRegionCommand, RegionView>
{
    public async Task<RegionView> Handle(CreateRegionCommand request, CancellationToken ct)
    {
        await RegionWrites.EnsureDistrictAsync(db, request.DistrictCode, ct);
        var now = clock.GetUtcNow();
        var inserted = await db.ExecuteAsync(
            """
            insert into partners.regions (code, name, district_code, is_active, updated_at, version)
            values (@Code, @Name, @DistrictCode, true, @now, 1)
            on conflict (code) do nothing
            """, new { request.Code, request.Name, request.DistrictCode, now }, ct);
        if (inserted == 0) throw new ConflictException($"Die Bezirksregion '{request.Code}' gibt es schon.");

        return await RegionWrites.PublishAsync(db, outbox, request.Code, "created",
            new RegionState(request.Name, request.DistrictCode, true), request.ActorId, now, ct);
    }
}

internal sealed class UpdateRegionHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock) : IRequestHandler<UpdateRegionCommand, RegionView>
{
    public async Task<RegionView> Handle(UpdateRegionCommand request, CancellationToken ct)
    {
        var existing = await RegionReads.FindAsync(db, request.Code, ct, forUpdate: true)
            ?? throw new NotFoundException($"Die Bezirksregion '{request.Code}' gibt es nicht.");
        Versions.Check(existing.Version, request.ExpectedVersion);
        var districtCode = request.DistrictCode ?? existing.DistrictCode;
        if (districtCode != existing.DistrictCode) await RegionWrites.EnsureDistrictAsync(db, districtCode, ct);

        var before = new RegionState(existing.Name, existing.DistrictCode, existing.IsActive);
        var after = new RegionState(request.Name, districtCode, request.IsActive ?? existing.IsActive);
        if (before == after) return existing; // nothing to publish or record

        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            """
            update partners.regions set name = @Name, district_code = @DistrictCode, is_active = @IsActive, updated_at = @now, version = version + 1
            where code = @code
            """, new { after.Name, after.DistrictCode, after.IsActive, now, code = request.Code }, ct);
        var action = before.IsActive && !after.IsActive ? "deactivated" : !before.IsActive && after.IsActive ? "reactivated" : "updated";
        return await RegionWrites.PublishAsync(db, outbox, request.Code, action, PartnersHistory.Diff(before, after), request.ActorId, now, ct);
    }
}

internal static class RegionWrites
{
    public static async Task EnsureDistrictAsync(IDbSession db, string districtCode, CancellationToken ct)
    {
        if (!await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.districts where code = @districtCode)", new { districtCode }, ct))
            throw new FieldProblemException("districtCode", $"Unbekannter Bezirk: {districtCode}.");
    }

    /// <summary>Records the change and tells the other modules, both in the command's transaction.</summary>
    public static async Task<RegionView> PublishAsync(IDbSession db, IIntegrationEventOutbox outbox, string code, string action, object changes,
        Guid actorId, DateTimeOffset now, CancellationToken ct)
    {
        var region = (await RegionReads.FindAsync(db, code, ct))!;
        await PartnersHistory.RecordAsync(db, "region", RegionReads.HistoryId(code), action, changes, actorId, now, ct);
        await outbox.EnqueueAsync(new DistrictRegionChanged(region.ToInfo()), ct);
        return region;
    }
}

internal sealed record CreateRegionBody(string? Code, string? Name, string? DistrictCode);

internal sealed record UpdateRegionBody(string? Name, string? DistrictCode, bool? IsActive, int? Version);

internal static class SaveRegionEndpoints
{
    public static void MapSaveRegion(this IEndpointRouteBuilder partners)
    {
        partners.MapPost("/regions", async (CreateRegionBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var region = await mediator.Send(new CreateRegionCommand(body.Code?.Trim() ?? "", body.Name?.Trim() ?? "", body.DistrictCode?.Trim() ?? "",
                    CurrentUser.Required(http).Id), ct);
                return Versions.Answer(http, region, region.Version, $"/api/partners/regions/{region.Code}");
            })
            .RequireCoordinator()
            .WithName("CreatePartnerRegion").WithSummary("Bezirksregion anlegen (Code unveränderlich, z. B. 0916)")
            .Produces<RegionView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        partners.MapPut("/regions/{code}", async (string code, UpdateRegionBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var region = await mediator.Send(new UpdateRegionCommand(code, body.Name?.Trim() ?? "", body.DistrictCode?.Trim(), body.IsActive,
                    Versions.Expected(http, body.Version), CurrentUser.Required(http).Id), ct);
                return Versions.Answer(http, region, region.Version);
            })
            .RequireCoordinator()
            .WithName("UpdatePartnerRegion").WithSummary("Bezirksregion umbenennen, verschieben oder deaktivieren (isActive: false); If-Match oder version")
            .ProducesUpdate<RegionView>();
    }
}
