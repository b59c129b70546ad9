using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Worker;
using Pipeline.Contracts;
using Pipeline.State;

namespace Pipeline.Consumer.Tests;

/// <summary>
/// Moodle down as a whole (the in-memory Moodle answering 500 to every write): messages are retried and never parked,
/// even on their last attempt, and the worker's gate pauses after the threshold and resumes when the probe is answered.
/// </summary>
public sealed class OutageTests : IDisposable
{
    private const string Create = "core_user_create_users";

    private readonly HandlerBed _bed = new(o => o.MaxAttempts = 3);

    [Fact]
    public async Task An_outage_on_every_batch_parks_nothing_even_on_the_last_attempt()
    {
        _bed.Moodle.FailNext(Create, 100);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var joiners = new[] { Joiner("91", attempt), Joiner("92", attempt) };
            var batch = await _bed.HandleAsync(joiners);

            Assert.Equal("http500", batch.Outage?.Code);
            Assert.All(joiners, m => Assert.False(batch.ResultOf(m.MessageId)?.Done));
        }

        Assert.Empty(_bed.DeadLetters.Parked);
        Assert.Equal(0, _bed.Moodle.UsersWritten);
    }

    [Fact]
    public async Task A_batch_told_to_park_outages_parks_its_last_attempt_as_transient_exhausted()
    {
        _bed.Moodle.FailNext(Create, 100);
        var last = Joiner("93", receiveCount: 3);

        var batch = new ConsumerBatch([last, Joiner("94", receiveCount: 1)]) { ParkOutages = true };
        await _bed.Handler.HandleAsync(batch, CancellationToken.None);

        Assert.Null(batch.Outage);
        Assert.Equal("transient_exhausted", Assert.Single(_bed.DeadLetters.Parked).Code);
    }

    [Fact]
    public async Task A_record_moodle_refuses_is_still_parked_while_no_outage_is_reported()
    {
        _bed.Moodle.RefuseCreatesOf(Snapshots.Email("95"));

        var batch = await _bed.HandleAsync(Joiner("95", 1));

        Assert.Null(batch.Outage);
        Assert.Single(_bed.DeadLetters.Parked);
    }

    [Fact]
    public async Task The_gate_pauses_at_the_threshold_records_paused_and_resumes_when_moodle_answers()
    {
        var states = new InMemoryConsumerStateStore();
        var gate = Gate(states, threshold: 3);
        var outage = new MoodleOutage("http503", "down");
        await gate.StartedAsync(CancellationToken.None);

        Assert.False(gate.Failed(outage, lastAttempt: false, CancellationToken.None));
        Assert.False(gate.Failed(outage, lastAttempt: false, CancellationToken.None));
        _bed.Moodle.FailNext("core_webservice_get_site_info", 4);
        Assert.True(gate.Failed(outage, lastAttempt: false, CancellationToken.None));
        Assert.True(gate.IsPaused);

        await gate.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(gate.IsPaused);
        Assert.Equal(5, _bed.Moodle.CallsTo("core_webservice_get_site_info"));
        // Started, paused with a heartbeat before every probe (four meet the outage, the fifth the answer), resumed.
        Assert.Equal([ConsumerState.Running, .. Enumerable.Repeat(ConsumerState.Paused, 5), ConsumerState.Running], states.History.ToArray());
        Assert.Equal(ConsumerState.Running, Assert.Single(await states.ListAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task A_last_attempt_pauses_at_once_and_a_success_resets_the_count()
    {
        var states = new InMemoryConsumerStateStore();
        var gate = Gate(states, threshold: 2);
        var outage = new MoodleOutage("network", "refused");

        Assert.False(gate.Failed(outage, lastAttempt: false, CancellationToken.None));
        gate.Succeeded();
        Assert.False(gate.Failed(outage, lastAttempt: false, CancellationToken.None));
        Assert.True(gate.Failed(outage, lastAttempt: true, CancellationToken.None));
        await gate.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var paused = states.History.Contains(ConsumerState.Paused);
        Assert.True(paused);
    }

    [Fact]
    public async Task A_halt_records_the_reason_and_what_to_set()
    {
        var states = new InMemoryConsumerStateStore();

        await Gate(states, threshold: 3).HaltedAsync("invalidtoken", CancellationToken.None);

        var record = Assert.Single(await states.ListAsync(CancellationToken.None));
        Assert.Equal((ConsumerState.Halted, "invalidtoken — set Moodle__Token"), (record.State, record.Reason));
    }

    private OutageGate Gate(InMemoryConsumerStateStore states, int threshold) =>
        new(_bed.Client, states, Microsoft.Extensions.Options.Options.Create(new ConsumerOptions { OutageThreshold = threshold, OutageProbeMax = TimeSpan.FromSeconds(2) }),
            TimeProvider.System, NullLogger<OutageGate>.Instance);

    private static IncomingMessage Joiner(string id, int receiveCount) =>
        Snapshots.Message(Snapshots.Changed("r-1", Snapshots.Active(id), null, EmployeeAction.Inserted), receiveCount);

    public void Dispose() => _bed.Dispose();
}
