using Pipeline.Producer.Sync;
using Pipeline.Queue;
using Pipeline.TestSupport;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// The drain rule alone, on a hand-moved clock: a run is drained only when every outcome is in and the queue has read
/// empty (nothing visible, in flight or delayed) in every reading for the whole stability window.
/// </summary>
public sealed class DrainRuleTests
{
    private const int Total = 20;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private static readonly QueueCounts Empty = new(0, 0, 0);

    private readonly ManualClock _clock = new();

    [Fact]
    public void Every_outcome_in_and_the_queue_empty_for_the_whole_window_is_drained()
    {
        var rule = new DrainRule(Window, _clock);

        Assert.False(rule.Observe(Total, Total, Empty));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(rule.Observe(Total, Total, Empty));
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(rule.Observe(Total, Total, Empty));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(rule.Observe(Total, Total, Empty));
    }

    [Fact]
    public void An_empty_queue_with_one_outcome_missing_is_not_drained_however_long_it_stays_so()
    {
        var rule = new DrainRule(Window, _clock);

        for (var i = 0; i < 10; i++)
        {
            Assert.False(rule.Observe(Total - 1, Total, Empty));
            _clock.Advance(Window);
        }

        // The last outcome arrives: the window starts from there, not from the first empty reading.
        Assert.False(rule.Observe(Total, Total, Empty));
        _clock.Advance(Window - TimeSpan.FromSeconds(1));
        Assert.False(rule.Observe(Total, Total, Empty));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(rule.Observe(Total, Total, Empty));
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 0, 0)]
    [InlineData(0, 0, 1)]
    public void Every_outcome_in_but_a_message_still_visible_in_flight_or_delayed_is_not_drained(long visible, long inFlight, long delayed)
    {
        // A repeat of a settled employee (a redelivery, a replay) can still be on the queue after every outcome is in.
        var rule = new DrainRule(Window, _clock);
        var busy = new QueueCounts(visible, inFlight, delayed);

        for (var i = 0; i < 10; i++)
        {
            Assert.False(rule.Observe(Total, Total, busy));
            _clock.Advance(Window);
        }

        Assert.False(rule.Observe(Total, Total, Empty));
    }

    [Fact]
    public void A_queue_that_reads_empty_once_then_busy_again_inside_the_window_is_not_drained()
    {
        // SQS's counts are approximate: one empty reading can come while a message is still in flight.
        var rule = new DrainRule(Window, _clock);

        Assert.False(rule.Observe(Total, Total, Empty));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(rule.Observe(Total, Total, new QueueCounts(0, 1, 0)));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(rule.Observe(Total, Total, Empty));
        // 60 s after the first empty reading, but only 40 s after the busy one: the window started again.
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(rule.Observe(Total, Total, Empty));
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True(rule.Observe(Total, Total, Empty));
    }

    [Fact]
    public void With_no_stability_window_the_first_quiet_reading_is_drained()
    {
        var rule = new DrainRule(TimeSpan.Zero, _clock);

        Assert.False(rule.Observe(Total, Total, new QueueCounts(1, 0, 0)));
        Assert.True(rule.Observe(Total, Total, Empty));
    }
}
