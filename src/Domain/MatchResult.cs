namespace Pipeline.Domain;

/// <summary>Which Moodle user, if any, belongs to an employee.</summary>
public abstract record MatchResult
{
    private MatchResult()
    {
    }

    public static MatchResult NotFound { get; } = new None();

    /// <summary>No Moodle user holds the employee's idnumber, e-mail or username.</summary>
    public sealed record None : MatchResult;

    /// <summary>Exactly one user, found by <paramref name="LinkedBy"/>.</summary>
    public sealed record Found(MoodleUserState User, MatchLink LinkedBy) : MatchResult;

    /// <summary>Several different users could be the employee (by e-mail or username); a person must decide which.</summary>
    public sealed record Ambiguous(IReadOnlyList<long> UserIds) : MatchResult;

    /// <summary>
    /// Two or more users hold the employee's idnumber (Moodle accepts a duplicate idnumber on update, fixtures 87 and
    /// 88): the link that identifies the employee is broken, and writing to either account could be the wrong person.
    /// </summary>
    public sealed record IdNumberDuplicate(IReadOnlyList<long> UserIds) : MatchResult;

    /// <summary>
    /// The user found by e-mail or username is linked to a different employee (its idnumber is set to
    /// another value): taking it over would merge two people.
    /// </summary>
    public sealed record Conflict(long UserId, MatchLink FoundBy) : MatchResult;

    /// <summary>
    /// Only the username matched, it was cleaned from the employee's e-mail, and the account holding it (linked to
    /// nobody) has a different e-mail: another person (a+b@x and ab@x both clean to ab@x). Never taken over.
    /// </summary>
    public sealed record UsernameTaken(long UserId) : MatchResult;
}
