using Pipeline.Contracts;

namespace Pipeline.Domain;

/// <summary>
/// What to do in Moodle for one employee. There is deliberately no delete: leavers are suspended,
/// so their history stays and a rehire gets the same account back.
/// </summary>
public abstract record Decision
{
    private Decision()
    {
    }

    /// <summary>The outcome to record for the run.</summary>
    public abstract Outcome Outcome { get; }

    /// <summary>Create the user (never suspended: Moodle's create_users has no suspended parameter).</summary>
    public sealed record Create(DesiredUser User) : Decision
    {
        public override Outcome Outcome => Outcome.Created;
    }

    /// <summary>Update only <paramref name="Changes"/> on user <paramref name="UserId"/>; never empty.</summary>
    public sealed record Update(long UserId, IReadOnlyList<FieldChange> Changes, DecisionKind Kind) : Decision
    {
        public override Outcome Outcome => Kind switch
        {
            DecisionKind.Suspended => Outcome.Suspended,
            DecisionKind.Reactivated => Outcome.Reactivated,
            DecisionKind.Created => Outcome.Created,
            _ => Outcome.Updated,
        };
    }

    /// <summary>Nothing to do; <paramref name="Reason"/> is a short code-like phrase, free of personal data.</summary>
    public sealed record NoChange(string Reason) : Decision
    {
        public override Outcome Outcome => Outcome.Unchanged;
    }

    /// <summary>Can never succeed as the data stands; park it with this code and message.</summary>
    public sealed record Poison(string Code, string Message) : Decision
    {
        public override Outcome Outcome => Outcome.DeadLettered;
    }
}
