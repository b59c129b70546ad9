namespace Pipeline.Resilience.Tests;

public sealed class BackoffTests
{
    private static readonly Backoff Redelivery = new() { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 80)]
    [InlineData(5, 160)]
    [InlineData(6, 300)] // capped
    [InlineData(50, 300)]
    [InlineData(int.MaxValue, 300)]
    public void The_delay_doubles_per_attempt_up_to_the_cap_and_jitter_adds_at_most_a_fifth(int attempt, int seconds)
    {
        var floor = TimeSpan.FromSeconds(seconds);
        for (var i = 0; i < 200; i++)
        {
            var delay = Redelivery.DelayForAttempt(attempt);
            Assert.InRange(delay, floor, floor * (1 + Backoff.Jitter));
        }
    }

    [Fact]
    public void An_attempt_number_below_one_counts_as_the_first()
    {
        Assert.InRange(Redelivery.DelayForAttempt(0), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));
        Assert.InRange(Redelivery.DelayForAttempt(-3), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));
    }

    [Fact]
    public void Callers_that_failed_together_do_not_all_come_back_at_the_same_moment()
    {
        var delays = Enumerable.Range(0, 50).Select(_ => Redelivery.DelayForAttempt(1)).ToHashSet();

        Assert.True(delays.Count > 40, $"only {delays.Count} distinct delays in 50");
    }

    [Fact]
    public void A_zero_backoff_retries_at_once()
    {
        var none = new RetryRule { MaxAttempts = 3 };

        Assert.Equal(TimeSpan.Zero, none.DelayForAttempt(3));
    }
}
