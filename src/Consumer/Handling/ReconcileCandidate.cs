using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Consumer.Handling;

/// <summary>An employee to reconcile: what BambooHR says (mapped), before Moodle has been looked at.</summary>
/// <param name="Mapping">Null only for Deleted (no snapshot).</param>
public sealed record ReconcileCandidate(string EmployeeId, EmployeeAction Action, MappingResult? Mapping)
{
    /// <summary>The idnumber this employee's Moodle account carries, when it can be known.</summary>
    public string IdNumber => Mapping?.User?.IdNumber
        ?? Mapping?.LeaverIdNumber
        ?? (Action == EmployeeAction.Deleted ? EmployeeId : string.Empty);

    /// <summary>What the mapping warned about; they travel with the outcome the snapshot settles as.</summary>
    public IReadOnlyList<MappingWarning> Warnings => Mapping?.Warnings ?? [];
}
