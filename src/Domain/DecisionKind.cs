namespace Pipeline.Domain;

/// <summary>What a create or update means, for the run's outcome counts.</summary>
public enum DecisionKind
{
    Created,
    /// <summary>A mover: fields changed, or an existing account linked.</summary>
    Updated,
    /// <summary>A leaver's account suspended.</summary>
    Suspended,
    /// <summary>A rehire's suspended account made active again.</summary>
    Reactivated,
}
