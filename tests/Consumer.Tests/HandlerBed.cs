using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Handling.Stages;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.Resilience;
using Pipeline.TestSupport;

namespace Pipeline.Consumer.Tests;

/// <summary>
/// The consumer's stages and handler wired as ConsumerServices wires them, on an in-memory Moodle (behind the real
/// MoodleClient) and in-memory implementations of the ledger, outcome store and DLQ interfaces.
/// </summary>
internal sealed class HandlerBed : IDisposable
{
    private readonly HttpClient _http;

    public HandlerBed(Action<ConsumerOptions>? configure = null)
    {
        configure?.Invoke(Options);
        _http = new HttpClient(Moodle) { BaseAddress = new Uri("http://moodle.invalid/") };
        Client = new MoodleClient(_http,
            new FixedOptions<MoodleOptions>(new MoodleOptions { BaseUrl = "http://moodle.invalid/", Token = "test-token" }),
            Microsoft.Extensions.Options.Options.Create(Retry),
            NullLogger<MoodleClient>.Instance);
        RetryDelay = new RetryDelay(Microsoft.Extensions.Options.Options.Create(Retry));
        Settler = new Settler(Ledger, Outcomes, DeadLetters, RetryDelay, Microsoft.Extensions.Options.Options.Create(Options), NullLogger.Instance);
        Handler = new EmployeeBatchHandler(Client, Ledger, Outcomes, DeadLetters, Microsoft.Extensions.Options.Options.Create(Mapping),
            Microsoft.Extensions.Options.Options.Create(Options), RetryDelay, Clock, NullLogger<EmployeeBatchHandler>.Instance);
    }

    public InMemoryMoodle Moodle { get; } = new();

    public InMemoryIdempotencyLedger Ledger { get; } = new();

    public InMemoryOutcomeStore Outcomes { get; } = new();

    public InMemoryDeadLetterQueue DeadLetters { get; } = new();

    public ConsumerOptions Options { get; } = new();

    /// <summary>The shared retry policy at its defaults (redelivery: 10 s doubling to 5 min, 0–20 % jitter).</summary>
    public RetryOptions Retry { get; } = new();

    public MappingOptions Mapping { get; } = new();

    /// <summary>Three days after <see cref="Snapshots.T1"/>: leavers' termination dates are past.</summary>
    public ManualClock Clock { get; } = new(Snapshots.T1.AddDays(3));

    public MoodleClient Client { get; }

    public RetryDelay RetryDelay { get; }

    public Settler Settler { get; }

    public EmployeeBatchHandler Handler { get; }

    public DecodeStage Decode => new(Settler);

    public FreshnessStage Freshness => new(Ledger);

    public DecideStage Decide => new(Client, Microsoft.Extensions.Options.Options.Create(Mapping), Clock);

    public CreateWriter Creates => new(Client, Settler);

    public UpdateWriter Updates => new(Client, Settler);

    /// <summary>Runs the whole handler on the messages; returns the batch with what it settled.</summary>
    public async Task<ConsumerBatch> HandleAsync(params IncomingMessage[] messages)
    {
        var batch = new ConsumerBatch(messages);
        await Handler.HandleAsync(batch, CancellationToken.None);
        return batch;
    }

    /// <summary>A Moodle user as the pipeline would have created it for <see cref="Snapshots.Active"/> (default mapping).</summary>
    public InMemoryUser AddLinked(string id, string department = "Engineering", bool suspended = false) => Moodle.Add(new InMemoryUser
    {
        Username = Snapshots.Email(id),
        Auth = "manual",
        FirstName = "Test",
        LastName = "Person" + id,
        Email = Snapshots.Email(id),
        IdNumber = id,
        Department = department,
        Institution = "Technology",
        City = "London",
        Country = "GB",
        Suspended = suspended,
    });

    public void Dispose()
    {
        _http.Dispose();
        Moodle.Dispose();
    }
}
