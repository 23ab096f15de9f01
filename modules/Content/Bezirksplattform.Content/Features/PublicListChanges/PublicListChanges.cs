using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using P = Bezirksplattform.Content.PublicApi.QueryParameterCatalog;

namespace Bezirksplattform.Content.Features.PublicListChanges;

internal sealed record PublicChange(long Seq, Guid ItemId, string Type, string Slug, string Kind, DateTimeOffset ChangedAt);

internal sealed record PublicChangePage(IReadOnlyList<PublicChange> Changes, DateTimeOffset? LastChange);

/// <summary>
/// The change feed of a site after a position: every publication (upsert) and withdrawal (delete)
/// in order. The Publisher records changes under a lock held to its commit, so rows become
/// visible in seq order and a reader that moves on never skips one.
/// </summary>
internal sealed record PublicListChangesQuery(Guid SiteId, long Since) : IQuery<PublicChangePage>;

internal sealed class PublicListChangesHandler(IDbSession db) : IRequestHandler<PublicListChangesQuery, PublicChangePage>
{
    public const int Limit = 500;

    public async Task<PublicChangePage> Handle(PublicListChangesQuery request, CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(
            """
            select c.seq, c.item_id, c.type, c.slug, c.kind, c.changed_at from content.changes c
            where c.site_id = @SiteId and c.seq > @Since order by c.seq limit @Limit;
            select c.changed_at from content.changes c where c.site_id = @SiteId order by c.seq desc limit 1;
            """, new { request.SiteId, request.Since, Limit }, ct);
        var changes = (await grid.ReadAsync<PublicChange>()).ToList();
        return new PublicChangePage(changes, await grid.ReadSingleOrDefaultAsync<DateTimeOffset?>());
    }
}

/// <summary>An opaque position in the change feed: the sequence number with a checksum, base64url.</summary>
internal static class ChangeToken
{
    private static readonly byte[] Context = "bezirksplattform-changes-v1:"u8.ToArray();

    public static string Encode(long seq)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, seq);
        return Base64Url.EncodeToString([.. bytes, .. Checksum(bytes)]);
    }

    public static long Decode(string? token)
    {
        if (token is null) return 0;
        try
        {
            var bytes = token.Length <= 100 ? Base64Url.DecodeFromChars(token.Trim()) : [];
            if (bytes.Length == 12 && CryptographicOperations.FixedTimeEquals(Checksum(bytes.AsSpan(0, 8)), bytes.AsSpan(8))
                && BinaryPrimitives.ReadInt64BigEndian(bytes) is var seq and >= 0)
                return seq;
        }
        catch (FormatException)
        {
        }

        throw PublicQueryProblem.For("since", "Ungültiges Token. Erlaubt: nextToken aus einer Antwort, unverändert, oder kein since (von Anfang an).", ["since"]);
    }

    private static byte[] Checksum(ReadOnlySpan<byte> seq) => SHA256.HashData([.. Context, .. seq])[..4];
}

internal sealed record PublicChangeView(Guid ItemId, string Type, string Slug, string Kind, DateTimeOffset ChangedAt);

internal sealed record PublicChangeFeed(IReadOnlyList<PublicChangeView> Changes, string NextToken);

internal static class PublicListChangesEndpoint
{
    public static void MapPublicListChanges(this IEndpointRouteBuilder site) =>
        site.MapGet("/changes", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var siteInfo = PublicSiteFeature.Of(http);
                var query = QueryReader.For(http);
                var since = ChangeToken.Decode(query.Raw("since"));
                var page = await mediator.Send(new PublicListChangesQuery(siteInfo.Id, since), ct);
                var body = PublicJson.Write(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("changes");
                    foreach (var change in page.Changes)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("itemId", change.ItemId);
                        writer.WriteString("type", change.Type);
                        writer.WriteString("slug", change.Slug);
                        writer.WriteString("kind", change.Kind);
                        writer.WriteString("changedAt", change.ChangedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteString("nextToken", ChangeToken.Encode(page.Changes.Count > 0 ? page.Changes[^1].Seq : since));
                    writer.WriteEndObject();
                });
                return PublicAnswer.Json(body, page.LastChange, [], isList: true);
            })
            .CachedOnServer().WithQueryParameters(P.Since)
            .WithName("PublicListChanges").WithSummary("Änderungen seit einer Position (höchstens 500 je Abruf), für Static-Site-Builder")
            .WithDescription("Ohne since beginnt die Liste am Anfang. kind ist upsert (veröffentlicht oder geändert) oder delete (zurückgezogen). "
                + "Mit nextToken weiterlesen, bis changes leer ist. Beispiel: `GET /api/public/v1/sites/pankow/changes?since=AAAAAAAAACo2Yd3x`")
            .ProducesPublicJson<PublicChangeFeed>();
}
