using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching.Booking;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.GetBooking;

/// <summary>The founder's own booking behind a manage link.</summary>
internal sealed record GetBookingQuery(Guid Id, string? Token) : IQuery<BookingView>;

internal sealed class GetBookingHandler(IDbSession db, TimeProvider clock, ManageLinks links) : IRequestHandler<GetBookingQuery, BookingView>
{
    public async Task<BookingView> Handle(GetBookingQuery request, CancellationToken ct) =>
        (await BookingRows.ForManageLinkAsync(db, links, request.Id, request.Token, clock.GetUtcNow(), ct)).ToView(links);
}

internal static class GetBookingEndpoints
{
    public static void MapGetBooking(this IEndpointRouteBuilder publicApi)
    {
        publicApi.MapGet("/coaching/bookings/{id}", async (Guid id, string? token, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                // The answer carries personal data and the link's key: keep it out of shared caches.
                http.Response.Headers.CacheControl = "private, no-store";
                return Results.Ok(await mediator.Send(new GetBookingQuery(id, token), ct));
            })
            .WithName("GetCoachingBooking")
            .WithSummary("Eigene Buchung über den Buchungslink ansehen (token aus der Bestätigung)")
            .Produces<BookingView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
