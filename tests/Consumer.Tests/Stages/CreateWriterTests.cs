using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Handling.Stages;
using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Consumer.Tests.Stages;

/// <summary>Write, creates: one call, halved when Moodle refuses it, and a refused joiner retried when someone now matches.</summary>
public sealed class CreateWriterTests : IDisposable
{
    private const string Create = "core_user_create_users";

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
        // Moodle compares e-mails without case, the lookup exactly: this account is invisible to it but refuses the create.
        _bed.Moodle.Add(new InMemoryUser { Username = "old.account", Email = Snapshots.Email("46").ToUpperInvariant() });

        await _bed.Creates.WriteAsync(creates, batch, CancellationToken.None);

        // [44 45 46 47] refused, [44 45] created, [46 47] refused, [46] refused, [47] created.
        Assert.Equal(5, _bed.Moodle.CallsTo(Create));
        Assert.Equal(3, _bed.Moodle.UsersWritten);
        Assert.All(new[] { "44", "45", "47" }, id => Assert.Equal(Outcome.Created, _bed.Outcomes["r-1", id]?.Outcome));
        var parked = Assert.Single(_bed.DeadLetters.Parked);
        Assert.Equal(("moodle_invalidparameter", "46"), (parked.Code, parked.EmployeeId));
        Assert.Equal(Outcome.DeadLettered, _bed.Outcomes["r-1", "46"]?.Outcome);
        Assert.All(batch.Messages, m => Assert.True(batch.IsDone(m)));
    }

    [Fact]
    public async Task A_refused_joiner_that_now_matches_an_account_is_retried_at_once_with_every_copy()
    {
        var change = Snapshots.Changed("r-1", Snapshots.Active("48"), action: EmployeeAction.Inserted);
        var (first, copy) = (Snapshots.Message(change), Snapshots.Message(change));
        var batch = new ConsumerBatch([first, copy]);
        var decisions = await _bed.Decide.DecideAsync([new Delivery(change, [first, copy], [change.RunId])], CancellationToken.None);
        // The username is held under another e-mail: the first lookup does not look usernames up, the thorough one does.
        _bed.Moodle.Add(new InMemoryUser { Username = Snapshots.Email("48"), Email = "previous.address@acme.example" });

        await _bed.Creates.WriteAsync(decisions.Creates, batch, CancellationToken.None);

        Assert.Equal(MessageResult.RetryIn(TimeSpan.Zero), batch.ResultOf(first.MessageId));
        Assert.Equal(MessageResult.RetryIn(TimeSpan.Zero), batch.ResultOf(copy.MessageId));
        Assert.Empty(_bed.DeadLetters.Parked);
        Assert.Null(_bed.Outcomes["r-1", "48"]);
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

    [Fact]
    public async Task On_its_last_attempt_a_refused_joiner_is_parked_even_if_something_matches()
    {
        var change = Snapshots.Changed("r-1", Snapshots.Active("49"), action: EmployeeAction.Inserted);
        var message = Snapshots.Message(change, receiveCount: _bed.Options.MaxAttempts);
        var batch = new ConsumerBatch([message]);
        var decisions = await _bed.Decide.DecideAsync([new Delivery(message, change)], CancellationToken.None);
        _bed.Moodle.Add(new InMemoryUser { Username = Snapshots.Email("49"), Email = "previous.address@acme.example" });

        await _bed.Creates.WriteAsync(decisions.Creates, batch, CancellationToken.None);

        Assert.Equal("moodle_invalidparameter", batch.ResultOf(message.MessageId)?.DeadLetterCode);
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
