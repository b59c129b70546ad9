using Pipeline.State;

namespace Pipeline.State.Tests;

/// <summary>Which consumer records explain an undrained run, and how they read.</summary>
public sealed class StoppedConsumersTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 8, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_paused_and_a_halted_consumer_are_reported_while_a_consumer_started_earlier_runs()
    {
        var records = new[]
        {
            new ConsumerRecord("a", ConsumerState.Running, null, T.AddHours(-1), T.AddHours(-1)),
            new ConsumerRecord("b", ConsumerState.Paused, "Moodle unreachable (http503)", T.AddMinutes(2), T.AddMinutes(9)),
            new ConsumerRecord("c", ConsumerState.Halted, "invalidtoken — set Moodle__Token", T.AddMinutes(5), T.AddMinutes(5)),
        };

        var stopped = StoppedConsumers.From(records);

        Assert.Equal(["b", "c"], stopped.Select(r => r.Instance));
        Assert.Equal("paused: Moodle unreachable (http503) since 03:02Z", StoppedConsumers.Describe(stopped[0], T.AddMinutes(10)));
        Assert.Equal("halted: invalidtoken — set Moodle__Token since 03:05Z", StoppedConsumers.Describe(stopped[1], T.AddMinutes(10)));
    }

    [Fact]
    public void A_halt_followed_by_a_restarted_consumer_is_history()
    {
        var records = new[]
        {
            new ConsumerRecord("old", ConsumerState.Halted, "invalidtoken — set Moodle__Token", T, T),
            new ConsumerRecord("new", ConsumerState.Running, null, T.AddMinutes(30), T.AddMinutes(30)),
        };

        Assert.Empty(StoppedConsumers.From(records));
    }

    [Fact]
    public void A_paused_consumer_silent_past_its_heartbeat_is_stale()
    {
        var paused = new ConsumerRecord("p", ConsumerState.Paused, "Moodle unreachable (network)", T, T.AddMinutes(1));

        Assert.False(StoppedConsumers.IsStale(paused, T.AddMinutes(5)));
        Assert.True(StoppedConsumers.IsStale(paused, T.AddMinutes(7)));
        Assert.Contains("stale", StoppedConsumers.Describe(paused, T.AddMinutes(7)), StringComparison.Ordinal);
    }
}
