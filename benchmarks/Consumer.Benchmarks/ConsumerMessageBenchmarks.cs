using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Tests;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.Resilience;

namespace Pipeline.Consumer.Benchmarks;

/// <summary>
/// The consumer's CPU per message, without Moodle or the network: decode the queue body, map the snapshot,
/// match it against what a batch lookup returned, decide, and encode the batch's Moodle request form with the
/// production client (over an in-memory handler). One invocation is a gathered batch of <see cref="Batch"/>
/// messages, like a worker with GatherSize 50; figures are per message.
/// </summary>
[MemoryDiagnoser]
public class ConsumerMessageBenchmarks
{
    public const int Batch = 50;

    private readonly MappingOptions _mapping = new();
    private readonly DateOnly _today = new(2026, 1, 10);
    private string[] _bodies = [];
    private List<MoodleUserState> _existing = [];
    private MoodleClient _createClient = null!;
    private MoodleClient _updateClient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var snapshots = Enumerable.Range(0, Batch).Select(SampleMessages.Snapshot).ToList();
        _bodies = [.. snapshots.Select(SampleMessages.Body)];

        // What the lookup returns for movers: every user exists, each with an older department.
        _existing = [.. snapshots.Select((s, i) => DesiredUserMapper.Map(s, _mapping, _today).User!)
            .Select((d, i) => new MoodleUserState(i + 2, d.Username, d.IdNumber, d.Email, d.Auth, false,
                d.Profile.With("department", "Old department"), d.CustomFields))];
        _createClient = Client(CannedReplies.Created(Batch));
        _updateClient = Client(CannedReplies.Updated());
    }

    /// <summary>First sync: nobody is in Moodle yet, every message becomes a create.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> Joiners_decode_map_match_decide_encode_create()
    {
        var creates = new List<NewMoodleUser>(Batch);
        foreach (var body in _bodies)
        {
            if (Decide(body, []) is Decision.Create c)
            {
                creates.Add(MoodleRequests.ToNewUser(c.User));
            }
        }

        var created = await _createClient.CreateUsersAsync(creates, CancellationToken.None).ConfigureAwait(false);
        return created.Count;
    }

    /// <summary>Movers: everyone matches an existing user whose department differs, every message becomes an update.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> Movers_decode_map_match_decide_encode_update()
    {
        var updates = new List<MoodleUserUpdate>(Batch);
        foreach (var body in _bodies)
        {
            if (Decide(body, _existing) is Decision.Update u)
            {
                updates.Add(MoodleRequests.ToUpdate(u.UserId, u.Changes));
            }
        }

        var warnings = await _updateClient.UpdateUsersAsync(updates, CancellationToken.None).ConfigureAwait(false);
        return updates.Count + warnings.Count;
    }

    private Decision Decide(string body, List<MoodleUserState> lookedUp)
    {
        var change = EmployeeChangedCodec.Decode(body);
        var mapping = DesiredUserMapper.Map(change.Snapshot!, _mapping, _today);
        var d = mapping.User!;
        var match = UserMatcher.Match(d.IdNumber, d.Email, d.Username, lookedUp);
        return Reconciler.Decide(change.Action, mapping, match, change.EmployeeId);
    }

    private static MoodleClient Client(byte[] reply) => new(
        new HttpClient(InMemoryMoodle.Canned(reply)) { BaseAddress = new Uri("http://moodle.invalid/") },
        new FixedOptions<MoodleOptions>(new MoodleOptions { BaseUrl = "http://moodle.invalid/", Token = "benchmark-token" }),
        Options.Create(new RetryOptions()),
        NullLogger<MoodleClient>.Instance);
}

/// <summary>Options that never change, for a client built outside a host.</summary>
internal sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
