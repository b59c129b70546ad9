using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Consumer.Handling;

/// <summary>One decoded message moving through a batch, with what the handler learnt about it so far.</summary>
internal sealed class WorkItem(IncomingMessage message, EmployeeChanged change)
{
    public IncomingMessage Message { get; } = message;
    public EmployeeChanged Change { get; } = change;
    public string EmployeeId => Change.EmployeeId;
    public ReconcileCandidate Candidate { get; set; } = new(change.EmployeeId, change.Action, null);
    public Decision? Decision { get; set; }
    public long? MoodleUserId { get; set; }

    /// <summary>Other deliveries of the same snapshot in this batch, settled with this one.</summary>
    public List<WorkItem> Duplicates { get; } = [];
}
