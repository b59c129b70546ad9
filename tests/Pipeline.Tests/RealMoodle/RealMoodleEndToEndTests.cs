using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Sandbox.BambooHr;

namespace Pipeline.Pipeline.Tests.RealMoodle;

/// <summary>
/// The pipeline against a real Moodle 4.5 (tools/real-moodle.sh), end to end: one story
/// (<see cref="EndToEndScenario"/>: a first sync of about 300 employees, then movers, leavers and a rehire, then an
/// idle run), and one test per family of cases, each checked in Moodle itself through its web services. Skipped,
/// saying why, when no real Moodle is named in the environment.
/// </summary>
public sealed class RealMoodleEndToEndTests(EndToEndScenario scenario) : IClassFixture<EndToEndScenario>
{
    private static readonly string[] IdentityCodes = [PoisonCodes.IdNumberConflict, PoisonCodes.UsernameTaken, PoisonCodes.AmbiguousMatch];

    private EndToEndCompany Company => scenario.Company;

    [RealMoodleFact]
    public void The_first_sync_gives_every_active_employee_one_account_holding_what_BambooHR_holds()
    {
        var first = scenario.First;
        Assert.True(first is { ExitCode: 0, Status: "completed" }, first.Describe());
        foreach (var id in Company.OrdinaryActive)
        {
            var account = Assert.Single(first.WithIdnumber(id));
            AssertHolds(Company.Employees[id], account, first);
            Assert.False(account.Suspended, $"employee {id} is suspended");
        }

        // Non-ASCII names of every kind made it through unchanged: Latin with diacritics, CJK, an emoji.
        Assert.Contains(first.Accounts, a => a.Lastname == "Groß");
        Assert.Contains(first.Accounts, a => a.Firstname == "美咲" && a.Lastname == "中村");
        Assert.Contains(first.Accounts, a => a.Firstname == "Zoë 🌟");
        Assert.DoesNotContain(first.Accounts.Where(a => a.Idnumber.Length > 0).GroupBy(a => a.Idnumber), g => g.Count() > 1);
    }

    [RealMoodleFact]
    public void Plus_addressed_and_mixed_case_emails_keep_their_email_and_get_the_username_Moodle_cleans()
    {
        var first = scenario.First;
        var plus = Assert.Single(first.WithIdnumber(Company.PlusAddressed));
        Assert.Equal(("opslms@" + Company.Domain, "ops+lms@" + Company.Domain), (plus.Username, plus.Email));
        var mixed = Assert.Single(first.WithIdnumber(Company.MixedCase));
        Assert.Equal(("mia.vanderberg@" + Company.Domain, "Mia.VanDerBerg@" + Company.Domain.ToUpperInvariant()), (mixed.Username, mixed.Email));
        AssertHolds(Company.Employees[Company.PlusAddressed], plus, first);
        AssertHolds(Company.Employees[Company.MixedCase], mixed, first);
    }

    [RealMoodleFact]
    public void An_account_made_beforehand_with_the_same_email_is_linked_not_duplicated()
    {
        var first = scenario.First;
        var linked = Assert.Single(first.WithIdnumber(Company.PreExistingSame));
        Assert.Equal(scenario.PreExisting[0], linked.Id);
        AssertHolds(Company.Employees[Company.PreExistingSame], linked, first);
        Assert.Single(first.Accounts, a => Same(a.Email, Company.Employees[Company.PreExistingSame].WorkEmail!));
        Assert.Equal(Outcome.Updated, first.OutcomeOf(Company.PreExistingSame));

        // jo_lee@ as a LIKE pattern also matches joxlee@, someone else's account: that one is left alone.
        var own = Assert.Single(first.WithIdnumber(Company.Underscore));
        Assert.NotEqual(scenario.PreExisting[2], own.Id);
        AssertHolds(Company.Employees[Company.Underscore], own, first);
        Assert.Equal(scenario.PreExistingBefore.Single(a => a.Id == scenario.PreExisting[2]).Fingerprint, first.Account(scenario.PreExisting[2])?.Fingerprint);
    }

    [RealMoodleFact]
    public void An_account_made_beforehand_whose_email_differs_only_in_case_is_linked_and_case_duplicates_share_one_account()
    {
        var first = scenario.First;
        var letter = first.DeadLetters.FirstOrDefault(d => d.EmployeeId == Company.PreExistingCase);
        Assert.True(letter is null, $"employee {Company.PreExistingCase} was dead-lettered: {letter?.Code} ({letter?.Message})");
        var linked = Assert.Single(first.WithIdnumber(Company.PreExistingCase));
        Assert.Equal(scenario.PreExisting[1], linked.Id);
        AssertHolds(Company.Employees[Company.PreExistingCase], linked, first);
        Assert.Single(first.Accounts, a => Same(a.Email, "pre.existing@" + Company.Domain));

        AssertOneLinkedOneParked(first, Company.SameEmailButCase, "team.lead@" + Company.Domain);
    }

    [RealMoodleFact]
    public void Two_employees_with_one_email_get_one_account_and_the_other_is_parked()
    {
        AssertOneLinkedOneParked(scenario.First, Company.SameEmail, "shared.inbox@" + Company.Domain);
    }

    [RealMoodleFact]
    public void A_department_longer_than_Moodle_keeps_is_cut_to_its_255_characters_and_counted_as_a_warning()
    {
        var first = scenario.First;
        var employee = Company.Employees[Company.LongDepartment];
        var letter = first.DeadLetters.FirstOrDefault(d => d.EmployeeId == Company.LongDepartment);
        Assert.True(letter is null, $"employee {Company.LongDepartment} was dead-lettered: {letter?.Code} ({letter?.Message})");
        var account = Assert.Single(first.WithIdnumber(Company.LongDepartment));
        Assert.Equal(employee.Department![..EndToEndCompany.DepartmentLimit], account.Department);
        Assert.Equal((employee.FirstName, employee.LastName, employee.WorkEmail), (account.Firstname, account.Lastname, account.Email));
        Assert.True(first.Count("warnings") >= 1, "the run summary counts no warning: " + first.Describe());
    }

    [RealMoodleFact]
    public void The_first_sync_brings_in_employees_unchanged_for_months()
    {
        var first = scenario.First;
        foreach (var id in Company.LongUnchanged)
        {
            var account = first.WithIdnumber(id).SingleOrDefault();
            Assert.True(account is not null, $"employee {id}, last changed 200 days ago, has no account after the first sync: {first.Describe()}");
            AssertHolds(Company.Employees[id], account, first);
        }
    }

    [RealMoodleFact]
    public void Leavers_are_suspended_and_never_deleted_and_leavers_without_an_account_get_none()
    {
        var (first, changes, idle) = (scenario.First, scenario.Changes, scenario.Idle);
        foreach (var id in Company.OrdinaryLeavers)
        {
            Assert.Empty(first.WithIdnumber(id));
            Assert.DoesNotContain(first.Accounts, a => Same(a.Email, Company.Employees[id].WorkEmail!));
        }

        // A leaver whose account an administrator made years ago: linked, and suspended.
        var leaver = Assert.Single(first.WithIdnumber(Company.LeaverWithAccount));
        Assert.Equal(scenario.PreExisting[3], leaver.Id);
        Assert.True(leaver.Suspended, "the leaver's old account is not suspended");

        Assert.True(changes is { ExitCode: 0, Status: "completed" }, changes.Describe());
        Assert.Equal(5, changes.Count("suspended"));
        foreach (var id in scenario.Leavers.Append(scenario.DeletedInBambooHr))
        {
            var before = Assert.Single(first.WithIdnumber(id));
            var after = changes.Account(before.Id);
            Assert.True(after is not null, $"employee {id}'s account {before.Id} is gone from Moodle after they left");
            Assert.True(after.Suspended, $"employee {id} left but account {before.Id} is not suspended");
            Assert.Equal(before.Fingerprint.Replace("|active|", "|suspended|", StringComparison.Ordinal), after.Fingerprint);
            Assert.Equal(Outcome.Suspended, changes.OutcomeOf(id));
            Assert.NotNull(idle.Account(before.Id));
        }
    }

    [RealMoodleFact]
    public void Movers_get_their_new_department_job_title_and_city_and_nobody_else_is_written()
    {
        var (first, changes) = (scenario.First, scenario.Changes);
        Assert.True(changes is { ExitCode: 0, Status: "completed" }, changes.Describe());
        string Moved(MoodleAccount before, string? department = null, string? title = null, string? city = null, string? country = null) =>
            (before with
            {
                Department = department ?? before.Department,
                City = city ?? before.City,
                Country = country ?? before.Country,
                CustomFields = new Dictionary<string, string>(before.CustomFields) { ["costcenter"] = title ?? before.CustomFields["costcenter"] },
            }).Fingerprint;

        foreach (var id in scenario.DepartmentMovers)
        {
            var before = Assert.Single(first.WithIdnumber(id));
            Assert.Equal(Moved(before, department: EndToEndScenario.NewDepartment), changes.Account(before.Id)?.Fingerprint);
        }

        foreach (var id in scenario.TitleMovers)
        {
            var before = Assert.Single(first.WithIdnumber(id));
            Assert.Equal(Moved(before, title: EndToEndScenario.NewTitle), changes.Account(before.Id)?.Fingerprint);
        }

        var allRound = Assert.Single(first.WithIdnumber(scenario.AllRoundMover));
        Assert.Equal(
            Moved(allRound, EndToEndScenario.NewDepartment, EndToEndScenario.NewTitle, "Zürich", "CH"),
            changes.Account(allRound.Id)?.Fingerprint);
        Assert.All(scenario.DepartmentMovers.Concat(scenario.TitleMovers).Append(scenario.AllRoundMover),
            id => Assert.Equal(Outcome.Updated, changes.OutcomeOf(id)));

        var joiner = Assert.Single(changes.WithIdnumber(scenario.NewJoiner));
        Assert.Equal(("Ýrr", "Þórsdóttir-Müller", "IE", "Support Specialist"), (joiner.Firstname, joiner.Lastname, joiner.Country, joiner.CustomFields.GetValueOrDefault("costcenter")));

        // Exactly the changed employees were written: nine movers, five leavers and the rehire updated, one joiner created.
        var expectedUpdates = scenario.DepartmentMovers.Concat(scenario.TitleMovers).Append(scenario.AllRoundMover)
            .Concat(scenario.Leavers).Append(scenario.DeletedInBambooHr).Append(Company.LeaverWithAccount)
            .Select(id => Assert.Single(first.WithIdnumber(id)).Id)
            .Order();
        Assert.Equal(expectedUpdates, changes.After.UpdatedSince(changes.Before).Order());
        Assert.Equal([joiner.Username], changes.After.CreatedSince(changes.Before));
        var untouched = first.Accounts.Where(a => !expectedUpdates.Contains(a.Id)).ToDictionary(a => a.Id, a => a.Fingerprint);
        Assert.Equal(untouched, changes.Accounts.Where(a => untouched.ContainsKey(a.Id)).ToDictionary(a => a.Id, a => a.Fingerprint));
    }

    [RealMoodleFact]
    public void A_rehire_is_reactivated_on_the_account_they_had()
    {
        var changes = scenario.Changes;
        var account = Assert.Single(changes.WithIdnumber(Company.LeaverWithAccount));
        Assert.Equal(scenario.PreExisting[3], account.Id);
        Assert.False(account.Suspended, "the rehire's account is still suspended");
        Assert.Equal(Outcome.Reactivated, changes.OutcomeOf(Company.LeaverWithAccount));
        Assert.Equal(1, changes.Count("reactivated"));
        Assert.Single(changes.Accounts, a => Same(a.Email, Company.Employees[Company.LeaverWithAccount].WorkEmail!));
    }

    [RealMoodleFact]
    public void An_idle_run_writes_nothing_to_Moodle()
    {
        var (changes, idle) = (scenario.Changes, scenario.Idle);
        Assert.True(idle.ExitCode == 0 && idle.Status is "completed" or "nothing_to_do", idle.Describe());
        Assert.Equal(0, idle.After.WriteCallsSince(idle.Before));
        Assert.Equal(0, idle.Count("created") + idle.Count("updated") + idle.Count("suspended") + idle.Count("reactivated"));
        Assert.Equal(
            changes.Accounts.OrderBy(a => a.Id).Select(a => a.Fingerprint),
            idle.Accounts.OrderBy(a => a.Id).Select(a => a.Fingerprint));
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static void AssertHolds(SeedEmployee e, MoodleAccount a, SyncRun run)
    {
        var expected = (e.Id, EndToEndCompany.Username(e.WorkEmail!), e.WorkEmail, e.PreferredName ?? e.FirstName, e.LastName, e.Department, e.Division,
            e.Location, EndToEndCompany.CountryCode(e.Country!), e.JobTitle, "manual");
        var actual = (a.Idnumber, a.Username, a.Email, a.Firstname, a.Lastname, a.Department, a.Institution, a.City, a.Country,
            a.CustomFields.GetValueOrDefault("costcenter"), a.Auth);
        Assert.True(expected == actual, $"employee {e.Id} in Moodle:\n  expected {expected}\n  actual   {actual}\n{run.Describe()}");
    }

    /// <summary>Exactly one of the pair owns the one account with the address; the other is parked with a reason an admin can act on.</summary>
    private static void AssertOneLinkedOneParked(SyncRun run, (string A, string B) pair, string email)
    {
        var holders = run.Accounts.Where(a => Same(a.Email, email)).ToList();
        Assert.True(holders.Count == 1, $"{holders.Count} accounts have {email}: {string.Join("; ", holders)}");
        var holder = holders[0];
        Assert.Contains(holder.Idnumber, new[] { pair.A, pair.B });
        var other = holder.Idnumber == pair.A ? pair.B : pair.A;
        Assert.Empty(run.WithIdnumber(other));
        var parked = Assert.Single(run.DeadLetters, d => d.EmployeeId == other);
        Assert.True(IdentityCodes.Contains(parked.Code), $"employee {other} parked as {parked.Code}: {parked.Message}");
        Assert.Equal(Outcome.DeadLettered, run.OutcomeOf(other));
        Assert.DoesNotContain(run.DeadLetters, d => d.EmployeeId == holder.Idnumber);
    }
}
