using Pipeline.Contracts;
using Pipeline.State;

namespace Pipeline.Consumer.Tests;

/// <summary>The outcome store's contract (IOutcomeStore) in memory: one outcome per run and employee, the first one written.</summary>
internal sealed class InMemoryOutcomeStore : IOutcomeStore
{
    private readonly Dictionary<(string RunId, string EmployeeId), RecordedOutcome> _outcomes = [];

    /// <summary>The outcome recorded for the employee in the run, or null.</summary>
    public RecordedOutcome? this[string runId, string employeeId]
    {
        get
        {
            lock (_outcomes)
            {
                return _outcomes.GetValueOrDefault((runId, employeeId));
            }
        }
    }

    public Task<bool> TryRecordAsync(
        string runId, string employeeId, Outcome outcome, string? detail, IReadOnlyList<string> warnings, bool driftCorrected, CancellationToken ct)
    {
        lock (_outcomes)
        {
            return Task.FromResult(_outcomes.TryAdd((runId, employeeId), new RecordedOutcome(employeeId, outcome, detail, DateTimeOffset.UtcNow, driftCorrected)
            {
                Warnings = [.. warnings],
            }));
        }
    }

    public async Task<int> CountDriftCorrectedAsync(string runId, CancellationToken ct) =>
        (await ListAsync(runId, ct).ConfigureAwait(false)).Count(o => o.DriftCorrected);

    public async Task<OutcomeCounts> CountAsync(string runId, CancellationToken ct)
    {
        var listed = await ListAsync(runId, ct).ConfigureAwait(false);
        return new OutcomeCounts(Enum.GetValues<Outcome>().ToDictionary(o => o, o => listed.Count(r => r.Outcome == o)), listed.Count(r => r.Warnings.Count > 0));
    }

    public Task<IReadOnlyList<RecordedOutcome>> ListAsync(string runId, CancellationToken ct)
    {
        lock (_outcomes)
        {
            IReadOnlyList<RecordedOutcome> listed = [.. _outcomes.Where(o => o.Key.RunId == runId).Select(o => o.Value).OrderBy(o => o.EmployeeId, StringComparer.Ordinal)];
            return Task.FromResult(listed);
        }
    }
}
