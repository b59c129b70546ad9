using FsCheck.Xunit;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Domain.Fields;

namespace Pipeline.Domain.Tests;

public class ReconcilerProperties
{
    private const long CreatedId = 1000;

    private sealed record Step(MappingResult? Mapping, MatchResult Match, Decision Decision);

    // What the consumer does: map, fetch candidates, match (by idnumber only when e-mail and username are unknown), decide.
    private static Step Decide(Scenario s, IReadOnlyList<MoodleUserState> candidates)
    {
        var mapping = s.Snapshot is null ? null : DesiredUserMapper.Map(s.Snapshot, s.Options, Employees.Today);
        var match = mapping switch
        {
            null => UserMatcher.MatchByIdNumber("101", candidates),
            { IsPoison: true } => UserMatcher.MatchByIdNumber(mapping.LeaverIdNumber, candidates),
            _ => UserMatcher.Match(mapping.User.IdNumber, mapping.User.Email, mapping.User.Username, candidates, mapping.User.UsernameFromEmail),
        };
        return new Step(mapping, match, Reconciler.Decide(s.Action, mapping, match, "101"));
    }

    private static (IReadOnlyList<MoodleUserState> Candidates, MoodleUserState? Touched) Apply(Step step, IReadOnlyList<MoodleUserState> candidates)
    {
        switch (step.Decision)
        {
            case Decision.Create:
                var created = MoodleSimulator.Apply(step.Decision, null, CreatedId)!;
                return ([.. candidates, created], created);
            case Decision.Update update:
                var target = Assert.Single(candidates, c => c.Id == update.UserId);
                var after = MoodleSimulator.Apply(step.Decision, target)!;
                return (candidates.Select(c => c.Id == update.UserId ? after : c).ToList(), after);
            default:
                return (candidates, step.Match is MatchResult.Found f ? f.User : null);
        }
    }

    private static bool IsLeaver(Scenario s, MappingResult? mapping) => mapping switch
    {
        null => true,
        { IsPoison: true } => mapping.LeaverIdNumber is not null,
        _ => mapping.User.IsLeaver || s.Action == EmployeeAction.Deleted,
    };

    [Property(Arbitrary = [typeof(ScenarioArbitraries)], MaxTest = 2000)]
    public void Deciding_again_after_applying_the_decision_changes_nothing(Scenario scenario)
    {
        var first = Decide(scenario, scenario.Candidates);
        var (after, _) = Apply(first, scenario.Candidates);
        var second = Decide(scenario, after);

        if (first.Decision is Decision.Poison poison)
        {
            Assert.Equal(poison, second.Decision);
        }
        else
        {
            Assert.IsType<Decision.NoChange>(second.Decision);
        }
    }

    // Replaces "no path yields a delete or an empty update", whose every assertion was either always true or already
    // made by MoodleSimulator.Apply. "Deciding again changes nothing" cannot see a field the reconciler never compares
    // (the second decision ignores it too); this property can.
    [Property(Arbitrary = [typeof(ScenarioArbitraries)], MaxTest = 2000)]
    public void After_applying_a_found_employee_holds_the_desired_profile_and_a_found_leaver_keeps_its_own(Scenario scenario)
    {
        var step = Decide(scenario, scenario.Candidates);
        if (step.Match is not MatchResult.Found found || step.Decision is Decision.Poison)
        {
            return;
        }

        var (_, touched) = Apply(step, scenario.Candidates);
        var desired = step.Mapping is { IsPoison: false } mapping ? mapping.User : null;
        var linkedIdNumber = found.LinkedBy == MatchLink.IdNumber ? found.User.IdNumber : desired!.IdNumber;
        var expected = IsLeaver(scenario, step.Mapping)
            // A leaver is suspended and linked, nothing else: what HR cleared or changed on the way out stays as it was.
            ? found.User with { IdNumber = linkedIdNumber, Suspended = true }
            // Everything the employee's data owns is now as desired; custom fields the sync does not own stay.
            : Employees.InMoodle(desired!, found.User.Id) with
            {
                CustomFields = new FieldValues(found.User.CustomFields.Where(p => !desired!.CustomFields.ContainsKey(p.Key))
                    .Concat(desired!.CustomFields)),
            };

        Assert.Equal(AsStored(expected), AsStored(touched!));
    }

    // Every field as Moodle stores it, one entry each so a failure shows which differ: Moodle stores an empty field
    // as "", and an empty custom field as no entry, so null, "" and absent are one value.
    private static SortedDictionary<string, string> AsStored(MoodleUserState u)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = u.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["username"] = u.Username,
            ["idnumber"] = u.IdNumber ?? string.Empty,
            ["email"] = u.Email,
            ["auth"] = u.Auth,
            ["suspended"] = u.Suspended ? "1" : "0",
        };
        foreach (var (name, value) in u.Profile)
        {
            fields[name] = value ?? string.Empty;
        }

        foreach (var (shortname, value) in u.CustomFields.Where(p => !string.IsNullOrEmpty(p.Value)))
        {
            fields["customfield:" + shortname] = value!;
        }

        return fields;
    }

    [Property(Arbitrary = [typeof(ScenarioArbitraries)], MaxTest = 2000)]
    public void After_applying_the_user_is_suspended_exactly_when_the_employee_is_a_leaver(Scenario scenario)
    {
        var step = Decide(scenario, scenario.Candidates);
        if (step.Decision is Decision.Poison)
        {
            return;
        }

        var leaver = IsLeaver(scenario, step.Mapping);
        var (_, touched) = Apply(step, scenario.Candidates);
        if (step.Match is MatchResult.Found || step.Decision is Decision.Create)
        {
            Assert.NotNull(touched);
            Assert.Equal(leaver, touched.Suspended);
        }
        else
        {
            // Not found: only a joiner is created, and a leaver is never created.
            Assert.Equal(!leaver, step.Decision is Decision.Create);
        }
    }

    [Property(Arbitrary = [typeof(ScenarioArbitraries)], MaxTest = 1000)]
    public void A_created_user_is_the_desired_user_and_never_a_leaver(Scenario scenario)
    {
        var step = Decide(scenario, scenario.Candidates);
        if (step.Decision is Decision.Create create)
        {
            Assert.Same(step.Mapping!.User, create.User);
            Assert.False(create.User.IsLeaver);
            Assert.NotEqual(EmployeeAction.Deleted, scenario.Action);
            Assert.IsType<MatchResult.None>(step.Match);
        }
    }
}

public class ScenarioCoverage
{
    // Guards the properties above against passing vacuously: the generator must reach every kind of decision.
    [Fact]
    public void Generated_scenarios_reach_every_decision_and_every_match()
    {
        var decisions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in FsCheck.Fluent.Gen.Sample(Scenarios.Scenario, 3000))
        {
            var mapping = s.Snapshot is null ? null : DesiredUserMapper.Map(s.Snapshot, s.Options, Employees.Today);
            var match = mapping is { IsPoison: false }
                ? UserMatcher.Match(mapping.User.IdNumber, mapping.User.Email, mapping.User.Username, s.Candidates, mapping.User.UsernameFromEmail)
                : UserMatcher.MatchByIdNumber(mapping?.LeaverIdNumber ?? "101", s.Candidates);
            var decision = Reconciler.Decide(s.Action, mapping, match, "101");
            decisions.Add(match.GetType().Name + (match is MatchResult.Found f ? ":" + f.LinkedBy : ""));
            decisions.Add(decision switch
            {
                Decision.Update u => "Update:" + u.Kind,
                Decision.Poison p => "Poison:" + p.Code,
                Decision.NoChange n => "NoChange:" + n.Reason,
                _ => decision.GetType().Name,
            });
        }

        string[] expected =
        [
            "None", "Found:IdNumber", "Found:Email", "Found:Username", "Ambiguous", "IdNumberDuplicate", "Conflict", "UsernameTaken",
            "Create", "Update:Updated", "Update:Suspended", "Update:Reactivated",
            "NoChange:up_to_date", "NoChange:already_suspended", "NoChange:leaver_not_in_moodle",
            "Poison:missing_email", "Poison:invalid_email", "Poison:missing_name", "Poison:invalid_status",
            "Poison:field_too_long", "Poison:field_has_markup", "Poison:invalid_date",
            "Poison:ambiguous_match", "Poison:idnumber_duplicate", "Poison:idnumber_conflict", "Poison:username_taken",
        ];
        Assert.Empty(expected.Except(decisions));
    }
}
