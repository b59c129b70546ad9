using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>
/// A snapshot settled with an outcome for its run: applied to Moodle (the ledger then advances), or found unchanged or
/// stale. <paramref name="MoodleUserId"/> is what the ledger learns, when known.
/// </summary>
internal sealed record Applied(Delivery Delivery, Outcome Outcome, string? Detail, bool AdvanceLedger, long? MoodleUserId = null)
{
    /// <summary>What mapping the snapshot warned about (a department cut to fit); recorded with the outcome.</summary>
    public IReadOnlyList<MappingWarning> Warnings { get; init; } = [];
}
