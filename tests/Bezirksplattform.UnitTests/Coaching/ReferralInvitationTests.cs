using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Invitations;
using Bezirksplattform.Coaching.Notifications;

namespace Bezirksplattform.UnitTests.Coaching;

/// <summary>The invitation link and mail of a founder referred by employment counselling.</summary>
public sealed class ReferralInvitationTests
{
    [Theory]
    [InlineData(null, "/api/public/v1/coaching/session-types?invitation=TOKEN")]
    [InlineData("https://bezirk.example/coaching/buchen", "https://bezirk.example/coaching/buchen?invitation=TOKEN")]
    [InlineData("https://bezirk.example/buchen?angebot=erstberatung", "https://bezirk.example/buchen?angebot=erstberatung&invitation=TOKEN")]
    public void The_link_leads_to_the_booking_page_with_the_token(string? baseUrl, string link) =>
        Assert.Equal(link, ReferralInvitations.Link(new BookingOptions { InvitationLinkBaseUrl = baseUrl }, "TOKEN"));

    [Fact]
    public void The_mail_is_german_names_the_link_and_its_validity_in_Berlin_time()
    {
        var (subject, body) = MailTexts.Invitation("Erika Muster", "https://bezirk.example/buchen?invitation=abc", new DateTimeOffset(2027, 1, 22, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal("Einladung zum Gründungscoaching", subject);
        Assert.Contains("Guten Tag Erika Muster,", body, StringComparison.Ordinal);
        Assert.Contains("https://bezirk.example/buchen?invitation=abc", body, StringComparison.Ordinal);
        Assert.Contains("Freitag, 22. Januar 2027, 09:00 Uhr", body, StringComparison.Ordinal);
    }
}
