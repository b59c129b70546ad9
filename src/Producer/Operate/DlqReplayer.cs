using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.BambooHr;
using Pipeline.Contracts;
using Pipeline.Producer.Cli;
using Pipeline.Queue;

namespace Pipeline.Producer.Operate;

/// <summary>
/// `dlq replay`. A poison record is usually fixed in BambooHR, so by default each replayed employee is re-read from
/// BambooHR (one bulk call) and a fresh message replaces the parked one; it runs under a replay run id so its new
/// outcome is recorded rather than hidden behind the original run's dead-letter record.
/// </summary>
public sealed class DlqReplayer(IDeadLetterQueue deadLetters, IServiceProvider services, TimeProvider time)
{
    public async Task<DlqReplayReport> ReplayAsync(ReplayFilter filter, bool dryRun, bool refresh, CancellationToken ct)
    {
        var refreshed = 0;
        ReplayRewrite? rewrite = null;
        if (refresh)
        {
            var bamboo = services.GetRequiredService<IBambooHrClient>();
            rewrite = async (letters, c) =>
            {
                var result = await RefreshAsync(bamboo, letters, c).ConfigureAwait(false);
                refreshed = result.Count;
                return result;
            };
        }

        var replay = await deadLetters.ReplayAsync(filter, dryRun, rewrite, ct).ConfigureAwait(false);
        return new DlqReplayReport(dryRun, replay.Examined, replay.Selected, replay.Replayed, refreshed,
            replay.Messages.Select(PipelineCli.ToItem).ToList());
    }

    private async Task<IReadOnlyDictionary<string, OutgoingMessage>> RefreshAsync(IBambooHrClient bamboo, IReadOnlyList<DeadLetter> letters, CancellationToken ct)
    {
        var parked = letters.Select(l => (Letter: l, Head: ReadHead(l.Body))).Where(x => x.Head is not null).ToList();
        var ids = parked.Where(p => p.Head!.Value.Action != EmployeeAction.Deleted).Select(p => p.Head!.Value.EmployeeId).Distinct(StringComparer.Ordinal).ToList();
        var snapshots = ids.Count == 0 ? new Dictionary<string, EmployeeSnapshot>() : await bamboo.GetSnapshotsAsync(ids, ct).ConfigureAwait(false);
        var runId = "replay-" + Sync.RunIds.New(time.GetUtcNow())[2..];
        var rewritten = new Dictionary<string, OutgoingMessage>(StringComparer.Ordinal);
        foreach (var (letter, head) in parked)
        {
            var (employeeId, action, lastChanged) = head!.Value;
            snapshots.TryGetValue(employeeId, out var snapshot);
            if (action != EmployeeAction.Deleted && snapshot is null)
            {
                // Still unknown to BambooHR (or hidden from this key): send the parked message back as it was.
                continue;
            }

            var message = EmployeeChanged.Create(runId, employeeId, action, lastChanged, snapshot, time.GetUtcNow());
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [MessageAttributes.RunId] = runId,
                [MessageAttributes.EmployeeId] = employeeId,
            };
            rewritten[letter.MessageId] = new OutgoingMessage(employeeId, EmployeeChangedCodec.Encode(message), attributes);
        }

        return rewritten;
    }

    /// <summary>Reads the identifying fields of a parked message without the strict decoder: it may be the very thing that failed.</summary>
    private static (string EmployeeId, EmployeeAction Action, DateTimeOffset LastChanged)? ReadHead(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("employeeId", out var id) && id.ValueKind == JsonValueKind.String
                && root.TryGetProperty("action", out var action) && Enum.TryParse<EmployeeAction>(action.GetString(), out var a)
                && root.TryGetProperty("lastChanged", out var changed) && changed.TryGetDateTimeOffset(out var lc))
            {
                return (id.GetString()!, a, lc);
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: replayed as it is, and it will be parked again with its reason.
        }

        return null;
    }
}
