using Bezirksplattform.BuildingBlocks.Messaging;

namespace Bezirksplattform.UnitTests;

public sealed class OutboxOptionsTests
{
    [Fact]
    public void Retry_delay_doubles_per_attempt_from_the_first_delay_up_to_the_cap()
    {
        var options = new OutboxOptions { FirstRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(1) };

        Assert.Equal(
            [5, 10, 20, 40, 60, 60],
            Enumerable.Range(1, 6).Select(attempt => options.DelayAfter(attempt).TotalSeconds));
    }

    [Fact]
    public void Default_retries_span_more_than_a_day_before_a_message_is_dead()
    {
        var options = new OutboxOptions();
        var total = Enumerable.Range(1, options.MaxAttempts - 1).Aggregate(TimeSpan.Zero, (sum, n) => sum + options.DelayAfter(n));

        Assert.True(total > TimeSpan.FromHours(24), $"retries span only {total}");
    }
}
