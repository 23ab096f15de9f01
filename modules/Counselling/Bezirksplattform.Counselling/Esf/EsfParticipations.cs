using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Access;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Counselling.Esf;

internal sealed record EsfStayView(
    Guid Id, DateOnly EnteredOn, DateOnly? LeftOn, bool? ExitJobSearching, bool? ExitInEducation, bool? ExitGainedQualification,
    bool? ExitEmployed, DateTimeOffset? ExitRecordedAt, DateOnly? ExitDataDueOn, bool? EmployedSixMonths, DateTimeOffset? SixMonthsRecordedAt,
    DateOnly? SixMonthResultFrom);

/// <summary>One client's participation in one ESF project (counted once however often they re-enter) with its stays.</summary>
internal sealed record EsfParticipationView(
    Guid Id, Guid ClientId, string ProjectCode, DateOnly FirstEnteredOn, DateOnly EntryDataDueOn, string? Gender, int? AgeAtEntry,
    string? LabourMarketStatus, int? UnemploymentMonths, string? EducationLevel, bool? ThirdCountryNational, bool? ForeignBackground,
    bool? Homeless, bool? RuralArea, string? Disability, string? Minority, bool SpecialCategoriesHidden, DateTimeOffset? EntryRecordedAt,
    DateOnly? RetainUntil, int Version, IReadOnlyList<EsfStayView> Stays);

/// <summary>The entry data (Annex I output indicators) as one value; special categories are null when not given.</summary>
internal sealed record EsfEntryData(
    string Gender, int AgeAtEntry, string LabourMarketStatus, int? UnemploymentMonths, string EducationLevel, bool ThirdCountryNational,
    bool ForeignBackground, bool Homeless, bool RuralArea, string? Disability, string? Minority);

internal sealed record EsfExitData(bool JobSearching, bool InEducation, bool GainedQualification, bool Employed);

/// <summary>Reads and the shared checks of the ESF slices. Callers check client access first (ClientAccess).</summary>
internal static class EsfParticipations
{
    public const string NotFound = "Diese ESF-Teilnahme gibt es nicht.";

    public static async Task<IReadOnlyList<EsfParticipationView>> LoadAsync(
        IDbSession db, Guid clientId, Guid? participationId, bool specialCategories, CancellationToken ct)
    {
        using var grid = await db.QueryMultipleAsync(
            """
            select id, client_id, project_code, first_entered_on, gender, age_at_entry::int as age_at_entry, labour_market_status,
                   unemployment_months::int as unemployment_months, education_level, third_country_national, foreign_background, homeless,
                   rural_area, disability, minority, entry_recorded_at, retain_until, version
            from counselling.esf_participations
            where client_id = @clientId and (@participationId::uuid is null or id = @participationId)
            order by first_entered_on, project_code;
            select s.id, s.participation_id, s.entered_on, s.left_on, s.exit_job_searching, s.exit_in_education, s.exit_gained_qualification,
                   s.exit_employed, s.exit_recorded_at, s.employed_six_months, s.six_months_recorded_at
            from counselling.esf_stays s join counselling.esf_participations p on p.id = s.participation_id
            where p.client_id = @clientId and (@participationId::uuid is null or p.id = @participationId)
            order by s.entered_on;
            """, new { clientId, participationId }, ct);
        var rows = (await grid.ReadAsync<Row>()).ToList();
        var stays = (await grid.ReadAsync<StayRow>()).ToLookup(s => s.ParticipationId);
        return [.. rows.Select(r => new EsfParticipationView(
            r.Id, r.ClientId, r.ProjectCode, r.FirstEnteredOn, EsfDeadlines.EntryDataDue(r.FirstEnteredOn), r.Gender, r.AgeAtEntry,
            r.LabourMarketStatus, r.UnemploymentMonths, r.EducationLevel, r.ThirdCountryNational, r.ForeignBackground, r.Homeless, r.RuralArea,
            specialCategories ? r.Disability : null, specialCategories ? r.Minority : null, !specialCategories, r.EntryRecordedAt, r.RetainUntil,
            r.Version,
            [.. stays[r.Id].Select(s => new EsfStayView(
                s.Id, s.EnteredOn, s.LeftOn, s.ExitJobSearching, s.ExitInEducation, s.ExitGainedQualification, s.ExitEmployed, s.ExitRecordedAt,
                s.LeftOn is { } left ? EsfDeadlines.ExitDataDue(left) : null, s.EmployedSixMonths, s.SixMonthsRecordedAt,
                s.LeftOn is { } l ? EsfDeadlines.SixMonthResultFrom(l) : null))]))];
    }

    public static async Task<EsfParticipationView> LoadOneAsync(IDbSession db, Guid clientId, Guid participationId, bool specialCategories,
        CancellationToken ct) =>
        (await LoadAsync(db, clientId, participationId, specialCategories, ct)).SingleOrDefault() ?? throw new NotFoundException(NotFound);

    /// <summary>ESF Plus participant data exist for people only: Annex I counts participants, not organisations.</summary>
    public static async Task RequirePersonAsync(IDbSession db, Guid clientId, CancellationToken ct)
    {
        var kind = await db.ExecuteScalarAsync<string>("select kind from counselling.clients where id = @clientId", new { clientId }, ct);
        if (kind != "person")
            throw new ConflictException("ESF-Plus-Teilnahmedaten gibt es nur für Personen, nicht für Organisationen.");
    }

    /// <summary>
    /// The frame of every change to an existing participation: the client must be visible (404),
    /// the participation is locked so that changes queue up, the version edited must be current
    /// (412), then the change, version + 1, the access-log row and the new state.
    /// </summary>
    public static async Task<EsfParticipationView> ChangeAsync(
        IDbSession db, TimeProvider clock, Viewer viewer, Guid clientId, Guid participationId, int? expectedVersion, bool specialCategories,
        string logDetail, Func<DateTimeOffset, Task> change, CancellationToken ct)
    {
        await ClientAccess.RequireProcessableAsync(db, viewer, clientId, ct);
        var version = await db.QuerySingleOrDefaultAsync<int?>(
            "select version from counselling.esf_participations where id = @participationId and client_id = @clientId for update",
            new { clientId, participationId }, ct) ?? throw new NotFoundException(NotFound);
        if (expectedVersion is null) throw new FieldProblemException("version", Missing);
        if (version != expectedVersion)
            throw new PreconditionFailedException(
                $"Die ESF-Teilnahme wurde inzwischen geändert (Version {version}, Ihre Vorlage: {expectedVersion}). Bitte neu laden.");

        var now = clock.GetUtcNow();
        await change(now);
        await BumpAsync(db, participationId, now, ct);
        await ClientAccess.LogAsync(db, viewer, "update", clientId, logDetail, now, ct);
        return await LoadOneAsync(db, clientId, participationId, specialCategories, ct);
    }

    public const string Missing = "Beim Ändern die Version angeben (Feld version oder Kopfzeile If-Match).";

    public static Task BumpAsync(IDbSession db, Guid participationId, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync("update counselling.esf_participations set version = version + 1, updated_at = @now where id = @participationId",
            new { participationId, now }, ct);

    /// <summary>Writes (or rectifies) the entry data. Special categories are left as stored when the writer may not name them (null).</summary>
    public static Task WriteEntryAsync(IDbSession db, Guid participationId, EsfEntryData entry, bool specialCategories, Guid by,
        DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync(
            $"""
            update counselling.esf_participations set gender = @Gender, age_at_entry = @age, labour_market_status = @LabourMarketStatus,
                unemployment_months = @months, education_level = @EducationLevel, third_country_national = @ThirdCountryNational,
                foreign_background = @ForeignBackground, homeless = @Homeless, rural_area = @RuralArea,
                {(specialCategories ? "disability = @Disability, minority = @Minority," : "")}
                entry_recorded_at = @now, entry_recorded_by = @by, updated_at = @now
            where id = @participationId
            """,
            new
            {
                participationId, entry.Gender, age = (short)entry.AgeAtEntry, entry.LabourMarketStatus, months = (short?)entry.UnemploymentMonths,
                entry.EducationLevel, entry.ThirdCountryNational, entry.ForeignBackground, entry.Homeless, entry.RuralArea, entry.Disability,
                entry.Minority, now, by,
            }, ct);

    public static IResult Answer(HttpContext http, EsfParticipationView view, string? createdAt = null)
    {
        http.Response.Headers.ETag = $"\"{view.Version}\"";
        return createdAt is null ? Results.Ok(view) : Results.Created(createdAt, view);
    }

    private sealed record Row(
        Guid Id, Guid ClientId, string ProjectCode, DateOnly FirstEnteredOn, string? Gender, int? AgeAtEntry, string? LabourMarketStatus,
        int? UnemploymentMonths, string? EducationLevel, bool? ThirdCountryNational, bool? ForeignBackground, bool? Homeless, bool? RuralArea,
        string? Disability, string? Minority, DateTimeOffset? EntryRecordedAt, DateOnly? RetainUntil, int Version);

    private sealed record StayRow(
        Guid Id, Guid ParticipationId, DateOnly EnteredOn, DateOnly? LeftOn, bool? ExitJobSearching, bool? ExitInEducation,
        bool? ExitGainedQualification, bool? ExitEmployed, DateTimeOffset? ExitRecordedAt, bool? EmployedSixMonths, DateTimeOffset? SixMonthsRecordedAt);
}
