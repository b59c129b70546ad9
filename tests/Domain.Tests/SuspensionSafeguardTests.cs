using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

/// <summary>The mass-suspension rule: both limits must be passed; a full run that sees too few employees is held too.</summary>
public sealed class SuspensionSafeguardTests
{
    [Theory]
    [InlineData(11, 50, false)] // 22 % and 11 > 10
    [InlineData(10, 40, true)] // 25 % but only 10 (not more than 10)
    [InlineData(11, 55, true)] // 11 > 10 but exactly 20 %, not more
    [InlineData(12, 55, false)] // 21.8 % and 12 > 10
    [InlineData(0, 0, true)] // nothing linked, nothing to suspend
    [InlineData(1, 1, true)] // a tiny company's one leaver: 100 % but not more than 10
    [InlineData(100, 10000, true)] // a big company's ordinary day: 1 %
    [InlineData(5000, 10000, false)] // half the company
    public void A_run_is_held_only_above_both_the_percentage_and_the_count(int wouldSuspend, int activeLinked, bool passes)
    {
        var verdict = SuspensionSafeguard.Judge(new SuspensionCount(wouldSuspend, activeLinked), limitPercent: 20, limitCount: 10);

        Assert.Equal(!passes, verdict.Held);
        if (verdict.Held)
        {
            Assert.Contains($"would suspend {wouldSuspend} of {activeLinked} active linked Moodle accounts", verdict.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(verdict.Reason);
        }
    }

    [Theory]
    [InlineData(79, 100, false)] // sees 79 % of the linked accounts: fewer than 80 %, 21 missing
    [InlineData(80, 100, true)] // exactly 80 %
    [InlineData(1, 12, false)] // 11 missing
    [InlineData(2, 12, true)] // 10 missing: not more than 10
    [InlineData(100, 100, true)]
    public void A_full_run_that_sees_far_fewer_employees_than_Moodle_has_linked_accounts_is_held(int seen, int activeLinked, bool passes)
    {
        var verdict = SuspensionSafeguard.Judge(new SuspensionCount(0, activeLinked, seen), limitPercent: 20, limitCount: 10);

        Assert.Equal(!passes, verdict.Held);
        if (verdict.Held)
        {
            Assert.Contains($"the full run sees {seen} employees but Moodle has {activeLinked} active linked accounts", verdict.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_changes_only_run_is_not_judged_on_how_many_it_sees()
    {
        Assert.False(SuspensionSafeguard.Judge(new SuspensionCount(0, 1000, Seen: null), 20, 10).Held);
    }

    [Fact]
    public void The_limits_are_the_operators_own()
    {
        Assert.False(SuspensionSafeguard.Judge(new SuspensionCount(50, 100), limitPercent: 50, limitCount: 10).Held);
        Assert.True(SuspensionSafeguard.Judge(new SuspensionCount(51, 100), limitPercent: 50, limitCount: 10).Held);
        Assert.True(SuspensionSafeguard.Judge(new SuspensionCount(1, 100), limitPercent: 0, limitCount: 0).Held);
        Assert.Throws<ArgumentOutOfRangeException>(() => SuspensionSafeguard.Judge(new SuspensionCount(1, 1), limitPercent: 101, limitCount: 0));
    }
}
