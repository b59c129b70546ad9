using Pipeline.Consumer.Handling.Stages;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Domain.Fields;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Tests.Stages;

/// <summary>Decide: map, look the batch up in (in-memory) Moodle with as few calls as possible, and let the reconciler decide.</summary>
public sealed class DecideStageTests : IDisposable
{
    private const string LookUp = "core_user_get_users_by_field";

    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task A_batch_of_joiners_is_created_after_one_lookup_by_idnumber_and_one_by_email()
    {
        var joiners = Enumerable.Range(31, 5).Select(i => Fresh(Snapshots.Active(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), EmployeeAction.Inserted)).ToList();

        var decisions = await _bed.Decide.DecideAsync(joiners, CancellationToken.None);

        Assert.Equal(joiners, decisions.Creates.Select(c => c.Delivery));
        Assert.All(decisions.Creates, c => Assert.Equal(c.Delivery.EmployeeId, c.Decision.User.IdNumber));
        Assert.Empty(decisions.Updates);
        Assert.Equal(2, _bed.Moodle.CallsTo(LookUp));
        Assert.Equal(2, _bed.Moodle.TotalCalls);
    }

    [Fact]
    public async Task A_redelivered_batch_also_looks_up_usernames()
    {
        var joiner = new Delivery(Snapshots.Message(Snapshots.Changed("r-1", Snapshots.Active("31")), receiveCount: 2), Snapshots.Changed("r-1", Snapshots.Active("31")));

        await _bed.Decide.DecideAsync([joiner], CancellationToken.None);

        Assert.Equal(3, _bed.Moodle.CallsTo(LookUp));
    }

    [Fact]
    public async Task A_mover_is_an_update_of_the_changed_fields_and_a_linked_batch_costs_one_lookup()
    {
        var user = _bed.AddLinked("32", department: "Sales");

        var decisions = await _bed.Decide.DecideAsync([Fresh(Snapshots.Active("32", "Research"))], CancellationToken.None);

        var update = Assert.Single(decisions.Updates);
        Assert.Equal(user.Id, update.Decision.UserId);
        Assert.Equal(DecisionKind.Updated, update.Decision.Kind);
        var change = Assert.Single(update.Decision.Changes);
        Assert.Equal((FieldTable.Moodle.Department.Name, "Sales", "Research"), (change.Field, change.Old, change.New));
        Assert.Equal(1, _bed.Moodle.CallsTo(LookUp));
    }

    [Fact]
    public async Task A_leaver_is_suspended_and_a_rehire_is_reactivated()
    {
        var leaver = _bed.AddLinked("33");
        var rehire = _bed.AddLinked("34", suspended: true);

        var decisions = await _bed.Decide.DecideAsync([Fresh(Snapshots.Leaver("33")), Fresh(Snapshots.Active("34"))], CancellationToken.None);

        var kinds = decisions.Updates.ToDictionary(u => u.Decision.UserId, u => u.Decision.Kind);
        Assert.Equal(DecisionKind.Suspended, kinds[leaver.Id]);
        Assert.Equal(DecisionKind.Reactivated, kinds[rehire.Id]);
    }

    [Fact]
    public async Task An_employee_moodle_already_matches_is_unchanged_and_the_ledger_learns_the_user_id()
    {
        var user = _bed.AddLinked("35");

        var decisions = await _bed.Decide.DecideAsync([Fresh(Snapshots.Active("35"))], CancellationToken.None);

        var unchanged = Assert.Single(decisions.Unchanged);
        Assert.Equal((Outcome.Unchanged, true, (long?)user.Id), (unchanged.Outcome, unchanged.AdvanceLedger, unchanged.MoodleUserId));
        Assert.Empty(decisions.Creates);
        Assert.Empty(decisions.Updates);
    }

    [Fact]
    public async Task Bad_data_is_poison_and_two_accounts_that_could_both_be_the_employee_are_an_ambiguous_match()
    {
        // A site that allows accounts to share an e-mail: either could be the employee, a person must choose.
        _bed.Moodle.Add(new InMemoryUser { Username = "first.holder", Email = Snapshots.Email("37") });
        _bed.Moodle.Add(new InMemoryUser { Username = "second.holder", Email = Snapshots.Email("37") });

        var decisions = await _bed.Decide.DecideAsync(
            [Fresh(Snapshots.Active("36") with { WorkEmail = null }), Fresh(Snapshots.Active("37"))], CancellationToken.None);

        var codes = decisions.Poison.ToDictionary(p => p.Delivery.EmployeeId, p => p.Decision.Code);
        Assert.Equal(PoisonCodes.MissingEmail, codes["36"]);
        Assert.Equal(PoisonCodes.AmbiguousMatch, codes["37"]);
        Assert.Empty(decisions.Creates);
    }

    [Fact]
    public async Task A_cleaned_username_held_by_another_account_is_poison_naming_the_employee_and_that_account()
    {
        var other = _bed.Moodle.Add(new InMemoryUser { Username = "opslms@acme.example", Email = "opslms@acme.example" });
        var change = Snapshots.Changed("r-1", Snapshots.Active("39") with { WorkEmail = "ops+lms@acme.example" }, action: EmployeeAction.Inserted);
        // A redelivery looks the cleaned username up (a first delivery learns of it from Moodle refusing the create).
        var joiner = new Delivery(Snapshots.Message(change, receiveCount: 2), change);

        var decisions = await _bed.Decide.DecideAsync([joiner], CancellationToken.None);

        var poison = Assert.Single(decisions.Poison);
        Assert.Equal(PoisonCodes.UsernameTaken, poison.Decision.Code);
        Assert.Contains("Employee 39", poison.Decision.Message, StringComparison.Ordinal);
        Assert.Contains($"Moodle user {other.Id}", poison.Decision.Message, StringComparison.Ordinal);
        Assert.Empty(decisions.Creates);
    }

    [Fact]
    public async Task A_failing_lookup_decides_nothing()
    {
        _bed.Moodle.FailNext(LookUp);

        var ex = await Assert.ThrowsAsync<MoodleException>(() => _bed.Decide.DecideAsync([Fresh(Snapshots.Active("38"))], CancellationToken.None));

        Assert.Equal(MoodleErrorKind.Transient, ex.Kind);
    }

    private static Delivery Fresh(EmployeeSnapshot snapshot, EmployeeAction action = EmployeeAction.Updated)
    {
        var change = Snapshots.Changed("r-1", snapshot, action: action);
        return new Delivery(Snapshots.Message(change), change);
    }

    public void Dispose() => _bed.Dispose();
}
