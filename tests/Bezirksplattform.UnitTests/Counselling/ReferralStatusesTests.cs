using Bezirksplattform.Counselling.Referrals;

namespace Bezirksplattform.UnitTests.Counselling;

public sealed class ReferralStatusesTests
{
    public static TheoryData<string, string, bool> Transitions() => new()
    {
        { "sent", "accepted", true }, { "sent", "declined", true }, { "sent", "withdrawn", true }, { "sent", "completed", false },
        { "accepted", "completed", true }, { "accepted", "withdrawn", true }, { "accepted", "declined", false }, { "accepted", "sent", false },
        { "declined", "accepted", false }, { "completed", "withdrawn", false }, { "withdrawn", "sent", false }, { "sent", "sent", false },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Only_the_documented_transitions_are_allowed(string from, string to, bool allowed) =>
        Assert.Equal(allowed, ReferralStatuses.IsAllowed(from, to));

    [Fact]
    public void Nothing_leaves_a_final_status()
    {
        foreach (var final in new[] { "declined", "completed", "withdrawn" })
            Assert.DoesNotContain(ReferralStatuses.All, to => ReferralStatuses.IsAllowed(final, to));
    }
}
