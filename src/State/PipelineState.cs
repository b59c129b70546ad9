using Pipeline.Contracts;

namespace Pipeline.State;

/// <summary>
/// The single <c>STATE/WATERMARK</c> item. <paramref name="Watermark"/> is null until the first run completes
/// (or an operator rewinds); <paramref name="PendingRunId"/> is null when no run holds the claim;
/// <paramref name="Version"/> is 0 when the item does not exist yet.
/// </summary>
public sealed record PipelineState(DateTimeOffset? Watermark, string? PendingRunId, RunSummary? LastSummary, long Version);
