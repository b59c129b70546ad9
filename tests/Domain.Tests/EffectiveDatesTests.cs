using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

public class EffectiveDatesTests
{
    private static readonly TimeZoneInfo London = EffectiveDates.FindZone("Europe/London")!;

    [Theory]
    // British Summer Time (UTC+1): 23:30 UTC is already the next day in London.
    [InlineData("2025-06-14T23:30:00Z", "2025-06-15")]
    [InlineData("2025-06-14T22:59:59Z", "2025-06-14")]
    [InlineData("2025-06-14T23:00:00Z", "2025-06-15")]
    // Winter (UTC+0): midnight UTC is midnight in London.
    [InlineData("2025-01-14T23:30:00Z", "2025-01-14")]
    [InlineData("2025-01-15T00:00:00Z", "2025-01-15")]
    // The night the clocks go back (26 October 2025, 02:00 BST -> 01:00 GMT).
    [InlineData("2025-10-25T23:00:00Z", "2025-10-26")]
    [InlineData("2025-10-25T22:59:00Z", "2025-10-25")]
    public void Today_is_the_date_in_the_zone_not_in_utc(string utc, string expected)
    {
        var today = EffectiveDates.Today(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), London);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), today);
    }

    [Fact]
    public void A_zone_west_of_utc_is_still_on_the_day_before()
    {
        var newYork = EffectiveDates.FindZone("America/New_York")!;
        Assert.Equal(new DateOnly(2025, 6, 14), EffectiveDates.Today(new DateTimeOffset(2025, 6, 15, 3, 0, 0, TimeSpan.Zero), newYork));
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_zone_is_refused_at_start(string? zone)
    {
        Assert.Null(EffectiveDates.FindZone(zone));
        var error = Assert.Single(new CalendarOptions { TimeZone = zone! }.Validate());
        Assert.Contains("Sync:TimeZone", error, StringComparison.Ordinal);
        Assert.Empty(new CalendarOptions().Validate());
    }

    [Fact]
    public void A_leaver_whose_termination_is_dated_ahead_stays_until_london_midnight_of_that_date()
    {
        var snapshot = Employees.Active() with { TerminationDate = "2025-06-15" };
        var options = Employees.Options();
        var before = EffectiveDates.Today(new DateTimeOffset(2025, 6, 14, 22, 30, 0, TimeSpan.Zero), London);
        var after = EffectiveDates.Today(new DateTimeOffset(2025, 6, 14, 23, 30, 0, TimeSpan.Zero), London);

        Assert.False(DesiredUserMapper.Map(snapshot, options, before).User!.IsLeaver);
        Assert.True(DesiredUserMapper.Map(snapshot, options, after).User!.IsLeaver);
        Assert.Equal(new DateOnly(2025, 6, 15), EffectiveDates.NextDue(snapshot, options, before));
        Assert.Null(EffectiveDates.NextDue(snapshot, options, after));
    }

    [Fact]
    public void Nothing_is_due_for_a_past_termination_a_rehire_an_inactive_employee_or_when_dates_do_not_decide()
    {
        var options = Employees.Options();
        Assert.Null(EffectiveDates.NextDue(Employees.Active() with { TerminationDate = "2025-06-01" }, options, Employees.Today));
        Assert.Null(EffectiveDates.NextDue(Employees.Active() with { TerminationDate = "2025-07-01", HireDate = "2025-08-01" }, options, Employees.Today));
        Assert.Null(EffectiveDates.NextDue(Employees.Active() with { Status = "Inactive", TerminationDate = "2025-07-01" }, options, Employees.Today));
        Assert.Null(EffectiveDates.NextDue(Employees.Active() with { TerminationDate = "2025-07-01" }, Employees.Options(o => o.LeaverOnPastTerminationDate = false), Employees.Today));
        Assert.Null(EffectiveDates.NextDue(Employees.Active() with { HireDate = "2025-08-01" }, options, Employees.Today));
        Assert.Null(EffectiveDates.NextDue(Employees.Active() with { TerminationDate = "soon" }, options, Employees.Today));
    }

    [Fact]
    public void A_future_joiner_is_held_back_until_n_days_before_their_hire_date_then_created()
    {
        var snapshot = Employees.Active() with { HireDate = "2025-07-01" };
        var options = Employees.Options(o => o.CreateDaysBeforeHire = 7);

        var early = DesiredUserMapper.Map(snapshot, options, new DateOnly(2025, 6, 23));
        Assert.Equal(new DateOnly(2025, 6, 24), early.User!.CreateFrom);
        Assert.Equal(new DateOnly(2025, 6, 24), EffectiveDates.NextDue(snapshot, options, new DateOnly(2025, 6, 23)));
        var held = Assert.IsType<Decision.NoChange>(Reconciler.Decide(EmployeeAction.Inserted, early, MatchResult.NotFound));
        Assert.Equal(NoChangeReasons.BeforeHire, held.Reason);

        var onTheDay = DesiredUserMapper.Map(snapshot, options, new DateOnly(2025, 6, 24));
        Assert.Null(onTheDay.User!.CreateFrom);
        Assert.Null(EffectiveDates.NextDue(snapshot, options, new DateOnly(2025, 6, 24)));
        Assert.IsType<Decision.Create>(Reconciler.Decide(EmployeeAction.Inserted, onTheDay, MatchResult.NotFound));
    }

    [Fact]
    public void A_held_back_joiner_who_already_has_an_account_is_kept_in_step()
    {
        var snapshot = Employees.Active() with { HireDate = "2025-07-01" };
        var options = Employees.Options(o => o.CreateDaysBeforeHire = 0);
        var mapped = DesiredUserMapper.Map(snapshot, options, Employees.Today);
        var inMoodle = Employees.InMoodle(Employees.Desired(snapshot)).With("department", "Old");
        var match = UserMatcher.Match(mapped.User!.IdNumber, mapped.User.Email, mapped.User.Username, [inMoodle], mapped.User.UsernameFromEmail);

        Assert.IsType<Decision.Update>(Reconciler.Decide(EmployeeAction.Updated, mapped, match));
    }

    [Fact]
    public void Without_create_days_before_hire_a_future_joiner_is_created_at_once_as_before()
    {
        var snapshot = Employees.Active() with { HireDate = "2026-01-01" };
        var mapped = DesiredUserMapper.Map(snapshot, Employees.Options(), Employees.Today);
        Assert.Null(mapped.User!.CreateFrom);
        Assert.IsType<Decision.Create>(Reconciler.Decide(EmployeeAction.Inserted, mapped, MatchResult.NotFound));
    }

    [Fact]
    public void The_earlier_of_the_two_dates_is_due_first()
    {
        var snapshot = Employees.Active() with { HireDate = "2025-07-01", TerminationDate = "2025-06-20" };
        // A termination before the hire date is a rehire's old one: not due; the hold-back is.
        Assert.Equal(new DateOnly(2025, 6, 24), EffectiveDates.NextDue(snapshot, Employees.Options(o => o.CreateDaysBeforeHire = 7), Employees.Today));
        Assert.Contains("Mapping:CreateDaysBeforeHire", Assert.Single(Employees.Options(o => o.CreateDaysBeforeHire = -1).Validate()), StringComparison.Ordinal);
    }
}
