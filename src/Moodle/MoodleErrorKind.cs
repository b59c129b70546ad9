namespace Pipeline.Moodle;

public enum MoodleErrorKind
{
    /// <summary>May succeed later: HTTP 5xx/408/429, timeout, network, database (dml*) errors.</summary>
    Transient,

    /// <summary>Would fail every record (token, capability, service, site set-up): stop consuming and alert.</summary>
    Fatal,

    /// <summary>This record's data was refused (invalidparameter, password policy, per-user validation).</summary>
    InvalidRecord,
}
