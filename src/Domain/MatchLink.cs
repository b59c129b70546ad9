namespace Pipeline.Domain;

/// <summary>How a Moodle user was found for an employee; anything but IdNumber means it is not linked yet.</summary>
public enum MatchLink
{
    IdNumber,
    Email,
    Username,
}
