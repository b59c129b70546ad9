using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Handling.Stages;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Domain.Fields;

namespace Pipeline.Consumer.Tests.Stages;

/// <summary>Write, creates: one call, halved when Moodle refuses it, and a refused joiner looked up thoroughly and decided again at once.</summary>
public sealed class CreateWriterTests : IDisposable
{
    private const string Create = "core_user_create_users";
    private const string LookUp = "core_user_get_users_by_field";
    private const string Search = "core_user_get_users";

    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task Joiners_are_created_in_one_call_and_settled_with_their_moodle_ids_in_the_ledger()
    {
        var (creates, batch) = await DecideAsync("41", "42", "43");

        await _bed.Creates.WriteAsync(creates, batch, CancellationToken.None);

        Assert.Equal(1, _bed.Moodle.CallsTo(Create));
        Assert.All(batch.Messages, m => Assert.True(batch.IsDone(m)));
        foreach (var id in new[] { "41", "42", "43" })
        {
            Assert.Equal(Outcome.Created, _bed.Outcomes["r-1", id]?.Outcome);
            Assert.Equal(_bed.Moodle.ByIdNumber(id)!.Id, _bed.Ledger[id]?.MoodleUserId);
        }
    }

    [Fact]
    public async Task A_refused_batch_is_halved_until_the_refused_joiner_stands_alone_and_nobody_matching_it_parks_it()
    {
        var (creates, batch) = await DecideAsync("44", "45", "46", "47");
        _bed.Moodle.RefuseCreatesOf(Snapshots.Email("46"));

        var found = await _bed.Creates.WriteAsync(creates, batch, CancellationToken.None);

        // [44 45 46 47] refused, [44 45] created, [46 47] refused, [46] refused, [47] created.
        Assert.Equal(5, _bed.Moodle.CallsTo(Create));
        Assert.Equal(3, _bed.Moodle.UsersWritten);
        Assert.Empty(found);
        Assert.All(new[] { "44", "45", "47" }, id => Assert.Equal(Outcome.Created, _bed.Outcomes["r-1", id]?.Outcome));
        var parked = Assert.Single(_bed.DeadLetters.Parked);
        Assert.Equal(("moodle_invalidparameter", "46"), (parked.Code, parked.EmployeeId));
        Assert.Equal(Outcome.DeadLettered, _bed.Outcomes["r-1", "46"]?.Outcome);
        Assert.All(batch.Messages, m => Assert.True(batch.IsDone(m)));
    }

    [Fact]
    public async Task A_joiner_refused_because_an_account_holds_its_email_in_another_case_comes_back_as_the_update_that_links_it()
    {
        var (creates, batch) = await DecideAsync("51", "52");
        // Moodle compares e-mails without case on create, get_users_by_field exactly: the first lookup cannot see it.
        var account = _bed.Moodle.Add(new InMemoryUser { Username = "legacy.51", Email = "Test.Person51@ACME.example", FirstName = "Old", LastName = "Name" });
        var lookupsBefore = _bed.Moodle.CallsTo(LookUp);

        var found = await _bed.Creates.WriteAsync(creates, batch, CancellationToken.None);

        var link = Assert.Single(found);
        Assert.Equal(("51", account.Id, DecisionKind.Updated), (link.Delivery.EmployeeId, link.Decision.UserId, link.Decision.Kind));
        Assert.Contains(new FieldChange(FieldTable.Moodle.IdNumber.Name, null, "51"), link.Decision.Changes);
        Assert.False(batch.IsSettled(link.Delivery.Messages[0]));
        Assert.Equal(Outcome.Created, _bed.Outcomes["r-1", "52"]?.Outcome);
        Assert.Empty(_bed.DeadLetters.Parked);
        // [51 52] refused, [51] refused, [52] created; then for 51 alone one lookup by idnumber and one e-mail search.
        Assert.Equal((3, 1, 1), (_bed.Moodle.CallsTo(Create), _bed.Moodle.CallsTo(LookUp) - lookupsBefore, _bed.Moodle.CallsTo(Search)));
        Assert.Equal(string.Empty, _bed.Moodle.Users.Single(u => u.Id == account.Id).IdNumber);
    }

    [Fact]
    public async Task A_refused_joiner_whose_email_is_held_in_another_case_by_someone_elses_account_is_an_idnumber_conflict()
    {
        var (creates, batch) = await DecideAsync("53");
        var other = _bed.Moodle.Add(new InMemoryUser { Username = "someone.else", Email = "TEST.PERSON53@acme.example", IdNumber = "999" });

        var found = await _bed.Creates.WriteAsync(creates, batch, CancellationToken.None);

        Assert.Empty(found);
        var parked = Assert.Single(_bed.DeadLetters.Parked);
        Assert.Equal((PoisonCodes.IdNumberConflict, "53"), (parked.Code, parked.EmployeeId));
        Assert.Contains($"Moodle user {other.Id}", parked.Message, StringComparison.Ordinal);
        Assert.Equal("999", _bed.Moodle.Users.Single(u => u.Id == other.Id).IdNumber);
    }

    [Fact]
    public async Task A_refused_joiner_is_never_linked_to_an_account_whose_email_only_matches_as_a_like_pattern()
    {
        var change = Snapshots.Changed("r-1", Snapshots.Active("54") with { WorkEmail = "a_b@acme.example" }, action: EmployeeAction.Inserted);
        var message = Snapshots.Message(change);
        var batch = new ConsumerBatch([message]);
        var decisions = await _bed.Decide.DecideAsync([new Delivery(message, change)], CancellationToken.None);
        // core_user_get_users reads "_" as any character: this account comes back from the e-mail search.
        var lookalike = _bed.Moodle.Add(new InMemoryUser { Username = "axb@acme.example", Email = "axb@acme.example" });
        _bed.Moodle.RefuseCreatesOf("a_b@acme.example");

        var found = await _bed.Creates.WriteAsync(decisions.Creates, batch, CancellationToken.None);

        Assert.Empty(found);
        Assert.Equal(1, _bed.Moodle.CallsTo(Search));
        Assert.Equal("moodle_invalidparameter", batch.ResultOf(message.MessageId)?.DeadLetterCode);
        Assert.Equal(string.Empty, _bed.Moodle.Users.Single(u => u.Id == lookalike.Id).IdNumber);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task A_refused_joiner_whose_username_is_held_under_another_email_is_parked_as_username_taken_at_once_with_every_copy(int receiveCount)
    {
        var change = Snapshots.Changed("r-1", Snapshots.Active("48"), action: EmployeeAction.Inserted);
        var (first, copy) = (Snapshots.Message(change, receiveCount), Snapshots.Message(change, receiveCount));
        var batch = new ConsumerBatch([first, copy]);
        var decisions = await _bed.Decide.DecideAsync([new Delivery(change, [first, copy], [change.RunId])], CancellationToken.None);
        // The username is held under another e-mail: the first lookup does not look usernames up, the thorough one does.
        var holder = _bed.Moodle.Add(new InMemoryUser { Username = Snapshots.Email("48"), Email = "previous.address@acme.example" });

        var found = await _bed.Creates.WriteAsync(decisions.Creates, batch, CancellationToken.None);

        Assert.Empty(found);
        Assert.Equal(PoisonCodes.UsernameTaken, batch.ResultOf(first.MessageId)?.DeadLetterCode);
        Assert.Equal(PoisonCodes.UsernameTaken, batch.ResultOf(copy.MessageId)?.DeadLetterCode);
        var parked = Assert.Single(_bed.DeadLetters.Parked);
        Assert.Contains($"Moodle user {holder.Id}", parked.Message, StringComparison.Ordinal);
        Assert.Equal(Outcome.DeadLettered, _bed.Outcomes["r-1", "48"]?.Outcome);
    }

    [Fact]
    public async Task A_refused_joiner_an_earlier_attempt_already_created_is_settled_unchanged_with_its_moodle_id()
    {
        var (creates, batch) = await DecideAsync("49");
        // A timed-out earlier attempt (or a concurrent consumer) created the account after this batch was decided.
        var created = _bed.Moodle.Add(new InMemoryUser
        {
            Username = Snapshots.Email("49"),
            Auth = "manual",
            FirstName = "Test",
            LastName = "Person49",
            Email = Snapshots.Email("49"),
            IdNumber = "49",
            Department = "Engineering",
            Institution = "Technology",
            City = "London",
            Country = "GB",
        });

        var found = await _bed.Creates.WriteAsync(creates, batch, CancellationToken.None);

        Assert.Empty(found);
        Assert.Equal(Outcome.Unchanged, _bed.Outcomes["r-1", "49"]?.Outcome);
        Assert.Equal(created.Id, _bed.Ledger["49"]?.MoodleUserId);
        Assert.Empty(_bed.DeadLetters.Parked);
    }

    [Fact]
    public async Task A_plus_addressed_joiner_is_created_with_the_username_moodle_cleans_and_keeps_its_email()
    {
        var change = Snapshots.Changed("r-1", Snapshots.Active("50") with { WorkEmail = "Ops+LMS@acme.example" }, action: EmployeeAction.Inserted);
        var message = Snapshots.Message(change);
        var batch = new ConsumerBatch([message]);
        var decisions = await _bed.Decide.DecideAsync([new Delivery(message, change)], CancellationToken.None);

        await _bed.Creates.WriteAsync(decisions.Creates, batch, CancellationToken.None);

        Assert.Equal(Outcome.Created, _bed.Outcomes["r-1", "50"]?.Outcome);
        var user = _bed.Moodle.ByIdNumber("50")!;
        Assert.Equal(("opslms@acme.example", "Ops+LMS@acme.example"), (user.Username, user.Email));
    }

    private async Task<(IReadOnlyList<Decided<Decision.Create>> Creates, ConsumerBatch Batch)> DecideAsync(params string[] ids)
    {
        var deliveries = ids.Select(id =>
        {
            var change = Snapshots.Changed("r-1", Snapshots.Active(id), action: EmployeeAction.Inserted);
            return new Delivery(Snapshots.Message(change), change);
        }).ToList();
        var decisions = await _bed.Decide.DecideAsync(deliveries, CancellationToken.None);
        Assert.Equal(ids.Length, decisions.Creates.Count);
        return (decisions.Creates, new ConsumerBatch([.. deliveries.SelectMany(d => d.Messages)]));
    }

    public void Dispose() => _bed.Dispose();
}
