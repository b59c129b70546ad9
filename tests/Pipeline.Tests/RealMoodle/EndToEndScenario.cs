using System.Text.Json.Nodes;
using Pipeline.Contracts;
using Pipeline.Queue;
using Pipeline.State;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests.RealMoodle;

/// <summary>One <c>pipeline sync</c> and what the real Moodle held after it.</summary>
internal sealed record SyncRun(
    string Name, int ExitCode, JsonObject Summary, IReadOnlyList<RecordedOutcome> Outcomes, MoodleWriteCounter.Counts Before,
    MoodleWriteCounter.Counts After, IReadOnlyList<MoodleAccount> Accounts, IReadOnlyList<DeadLetter> DeadLetters, string Output)
{
    public string Status => Summary["status"]?.GetValue<string>() ?? "(none)";

    public int Count(string field) => Summary[field]?.GetValue<int>() ?? 0;

    public IReadOnlyList<MoodleAccount> WithIdnumber(string id) => [.. Accounts.Where(a => a.Idnumber == id)];

    public MoodleAccount? Account(long moodleId) => Accounts.SingleOrDefault(a => a.Id == moodleId);

    public Outcome? OutcomeOf(string employeeId) => Outcomes.SingleOrDefault(o => o.EmployeeId == employeeId)?.Outcome;

    public string Describe() => $"{Name} run: exit {ExitCode}, summary {Summary.ToJsonString()}; Moodle calls {After}";
}

/// <summary>
/// The whole story, once per test class (each run of it costs the real Moodle a few hundred creates): accounts an
/// administrator made beforehand, the first sync of the company, a sync of movers, leavers and a rehire, and a sync
/// with nothing to do. Everything runs as the product runs it: the BambooHR stand-in holds the company, the
/// <c>pipeline sync</c> CLI publishes to the SQS emulator, two consumer worker processes apply to the real Moodle
/// (through <see cref="MoodleWriteCounter"/>), with the state table on the DynamoDB emulator. The tests read the
/// outcome back from Moodle's web services. Nothing here asserts: a case that fails must not hide the others.
/// </summary>
public sealed class EndToEndScenario : IAsyncLifetime
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(4);

    private readonly EmulatorFixture _emulators = new();
    private RealMoodleUsers? _moodle;
    private MoodleWriteCounter? _counter;
    private PipelineStack? _stack;

    internal EndToEndCompany Company { get; private set; } = null!;

    /// <summary>Moodle ids of the accounts made beforehand (<see cref="EndToEndCompany.PreExistingAccounts"/>), in that order.</summary>
    internal IReadOnlyList<long> PreExisting { get; private set; } = [];

    /// <summary>The accounts made beforehand, as Moodle held them before the first sync.</summary>
    internal IReadOnlyList<MoodleAccount> PreExistingBefore { get; private set; } = [];

    internal SyncRun First { get; private set; } = null!;

    internal SyncRun Changes { get; private set; } = null!;

    internal SyncRun Idle { get; private set; } = null!;

    /// <summary>Moved in phase two: department only, job title only, and department, job title and city together.</summary>
    internal IReadOnlyList<string> DepartmentMovers { get; private set; } = [];

    internal IReadOnlyList<string> TitleMovers { get; private set; } = [];

    internal string AllRoundMover { get; private set; } = "";

    /// <summary>Left in phase two: by status, by a past termination date while still Active, deleted in BambooHR.</summary>
    internal IReadOnlyList<string> Leavers { get; private set; } = [];

    internal string DeletedInBambooHr { get; private set; } = "";

    internal string NewJoiner { get; private set; } = "";

    internal const string NewDepartment = "Forschung & Entwicklung";

    internal const string NewTitle = "Staff Engineer (Élite)";

    public async Task InitializeAsync()
    {
        if (RealMoodleSite.SkipReason is not null)
        {
            return;
        }

        var site = RealMoodleSite.FromEnvironment();
        _moodle = new RealMoodleUsers(site);
        await _emulators.InitializeAsync();

        // Accounts earlier runs left (each run has its own domain and ids, so they could not match; this keeps the site small).
        var leftovers = await _moodle.FindByEmailLikeAsync("%@%." + EndToEndCompany.DomainSuffix);
        await _moodle.DeleteAsync(leftovers.Select(a => a.Id));

        Company = EndToEndCompany.Create();
        PreExisting = await _moodle.CreateAsync(Company.PreExistingAccounts());
        PreExistingBefore = await _moodle.ByFieldAsync("id", PreExisting.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        _counter = await MoodleWriteCounter.StartAsync(site.BaseUrl);
        _stack = await PipelineStack.StartAsync(_emulators, o =>
        {
            o.Prefix = "real-moodle-e2e";
            o.Settings["Moodle:BaseUrl"] = _counter.Url.ToString();
            o.Settings["Moodle:Token"] = site.Token;
            // A real Moodle on a busy 2-core machine takes seconds for a batch, not milliseconds.
            o.Settings["Moodle:Timeout"] = "00:00:30";
            // The lab site's one text profile field carries the job title, as a customer's "jobtitle" field would.
            o.Settings["Mapping:CustomProfileFields:costcenter"] = "JobTitle";
        });
        await _stack.LoadAsync(Company.Document());
        for (var i = 0; i < 2; i++)
        {
            _stack.StartConsumerProcess();
        }

        First = await RunAsync("first");
        await ChangeAsync();
        Changes = await RunAsync("changes");
        Idle = await RunAsync("idle");
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        if (_counter is not null)
        {
            await _counter.DisposeAsync();
        }

        _moodle?.Dispose();
        await _emulators.DisposeAsync();
    }

    /// <summary>Movers, leavers, the rehire and a new joiner, in BambooHR (lastChanged becomes now).</summary>
    private async Task ChangeAsync()
    {
        var active = Company.OrdinaryActive;
        DepartmentMovers = active.Take(4).ToList();
        TitleMovers = active.Skip(4).Take(4).ToList();
        AllRoundMover = active[8];
        Leavers = active.Skip(9).Take(4).ToList();
        DeletedInBambooHr = active[13];
        NewJoiner = Company.Id(400);
        var stack = _stack!;

        foreach (var id in DepartmentMovers)
        {
            await stack.PutEmployeeAsync(id, new Dictionary<string, string?> { ["department"] = NewDepartment });
        }

        foreach (var id in TitleMovers)
        {
            await stack.PutEmployeeAsync(id, new Dictionary<string, string?> { ["jobTitle"] = NewTitle });
        }

        await stack.PutEmployeeAsync(AllRoundMover, new Dictionary<string, string?>
        {
            ["department"] = NewDepartment,
            ["jobTitle"] = NewTitle,
            ["location"] = "Zürich",
            ["country"] = "Switzerland",
        });
        // Three leave by status, one by a termination date that has passed while BambooHR still says Active.
        foreach (var id in Leavers.Take(3))
        {
            await stack.PutEmployeeAsync(id, new Dictionary<string, string?> { ["status"] = "Inactive", ["terminationDate"] = Company.DaysFromToday(-1) });
        }

        await stack.PutEmployeeAsync(Leavers[3], new Dictionary<string, string?> { ["terminationDate"] = Company.DaysFromToday(-1) });
        await stack.DeleteEmployeeAsync(DeletedInBambooHr);
        await stack.PutEmployeeAsync(Company.LeaverWithAccount, new Dictionary<string, string?>
        {
            ["status"] = "Active",
            ["hireDate"] = Company.DaysFromToday(-1),
            ["terminationDate"] = "0000-00-00",
        });
        await stack.PutEmployeeAsync(NewJoiner, new Dictionary<string, string?>
        {
            ["employeeNumber"] = "E400",
            ["firstName"] = "Ýrr",
            ["lastName"] = "Þórsdóttir-Müller",
            ["workEmail"] = "yrr.thorsdottir@" + Company.Domain,
            ["status"] = "Active",
            ["hireDate"] = Company.DaysFromToday(-1),
            ["terminationDate"] = "0000-00-00",
            ["department"] = "Customer Support",
            ["division"] = "Operations",
            ["jobTitle"] = "Support Specialist",
            ["location"] = "Dublin",
            ["country"] = "Ireland",
        });
    }

    private async Task<SyncRun> RunAsync(string name)
    {
        var stack = _stack!;
        var before = _counter!.Snapshot();
        await using var producer = await stack.RunProducerProcessAsync(RunLimit, arguments: ["sync", "--wait", "3m"]);
        var summaryLine = producer.StdoutLines.LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"pipeline sync ({name}) printed no summary (exit {producer.ExitCode}):\n{producer.Output}");
        var summary = JsonNode.Parse(summaryLine)!.AsObject();
        var runId = summary["run_id"]!.GetValue<string>();
        return new SyncRun(
            name,
            producer.ExitCode,
            summary,
            await stack.OutcomesAsync(runId),
            before,
            _counter.Snapshot(),
            await _moodle!.FindByEmailLikeAsync("%@" + Company.Domain),
            await stack.DeadLettersAsync(),
            producer.Output);
    }
}
