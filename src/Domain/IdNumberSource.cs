namespace Pipeline.Domain;

/// <summary>
/// Which BambooHR field becomes the Moodle idnumber, the key that links a Moodle user to its employee.
/// <see cref="Id"/> is BambooHR's immutable id; <see cref="EmployeeNumber"/> is editable in BambooHR,
/// so changing it there unlinks the Moodle user.
/// </summary>
public enum IdNumberSource
{
    Id,
    EmployeeNumber,
}
