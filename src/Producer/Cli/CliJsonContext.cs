using System.Text.Json.Serialization;
using Pipeline.Producer.Operate;
using Pipeline.Queue;

namespace Pipeline.Producer.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(PlanReport))]
[JsonSerializable(typeof(DlqPeekReport))]
[JsonSerializable(typeof(DlqReplayReport))]
[JsonSerializable(typeof(RewindReport))]
[JsonSerializable(typeof(OrphanReport))]
[JsonSerializable(typeof(LocalSetupReport))]
[JsonSerializable(typeof(QueueCounts))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

public sealed record DlqPeekItem(string MessageId, string? EmployeeId, string? RunId, string Code, string? Message, int? Attempts, DateTimeOffset? FailedAt, int ReceiveCount);

/// <param name="Count">Messages actually received from the DLQ (its own counts are approximate, and the emulator's lag).</param>
/// <param name="More">The peek stopped at --max: the DLQ may hold more.</param>
/// <param name="Outages">Of <paramref name="Count"/>, parked because Moodle was failing (replay once it is healthy); the rest are data problems.</param>
public sealed record DlqPeekReport(int Count, IReadOnlyList<DlqPeekItem> Messages, bool More = false, int Outages = 0);

public sealed record DlqReplayReport(bool DryRun, int Examined, int Selected, int Replayed, int Refreshed, IReadOnlyList<DlqPeekItem> Messages);

public sealed record RewindReport(bool Applied, DateTimeOffset? Before, DateTimeOffset After, string? PendingRunId, string? RefusedReason);

public sealed record LocalSetupReport(string QueueUrl, string DeadLetterQueueUrl, string TableName);
