namespace Pipeline.Domain.Fields;

/// <summary>What a Moodle user field is to the sync.</summary>
public enum FieldRole
{
    /// <summary>
    /// Finds the account (idnumber, username, email). The idnumber links it to the employee and is written only when an
    /// account found otherwise is linked; username and email are kept equal to BambooHR.
    /// </summary>
    Identity,

    /// <summary>Copied from BambooHR and kept equal to it; says who the person is, never which account is theirs.</summary>
    Descriptive,

    /// <summary>Set from the sync's configuration, not from BambooHR (auth).</summary>
    Setting,

    /// <summary>Follows the leaver rule (suspended), from BambooHR's status and dates.</summary>
    Status,
}
