namespace Pipeline.Domain;

/// <summary>Why a <see cref="Decision.NoChange"/> was decided.</summary>
public static class NoChangeReasons
{
    public const string UpToDate = "up_to_date";
    public const string AlreadySuspended = "already_suspended";
    public const string LeaverNotInMoodle = "leaver_not_in_moodle";

    /// <summary>A future joiner not in Moodle yet, held back by Mapping:CreateDaysBeforeHire; created on the day.</summary>
    public const string BeforeHire = "held_before_hire_date";
}
