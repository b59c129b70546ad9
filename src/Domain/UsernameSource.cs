namespace Pipeline.Domain;

/// <summary>Which BambooHR field becomes the Moodle username (always lower-cased, as Moodle requires).</summary>
public enum UsernameSource
{
    WorkEmail,
    EmployeeNumber,
}
