namespace Pipeline.Domain;

/// <summary>
/// Finds the Moodle user of an employee among candidates the caller fetched by idnumber, e-mail and
/// username (several employees' candidates may be mixed; only matching ones count). The idnumber wins;
/// e-mail and username only link a user nobody else has claimed, and only when no candidate holds the idnumber, so a
/// link never gives a second account the employee's idnumber: the caller must have fetched every holder of it.
/// E-mails are equal ignoring case and surrounding spaces, nothing looser: candidates from core_user_get_users'
/// LIKE search (where <c>_</c> and <c>%</c> match any character) that only look alike are not matches.
/// </summary>
public static class UserMatcher
{
    /// <param name="idNumber">The employee's idnumber; blank never matches (Moodle users without one all hold "").</param>
    /// <param name="email">Compared case-insensitively: Moodle refuses two accounts whose e-mails differ only in case.</param>
    /// <param name="username">Compared exactly: Moodle usernames are lower-case.</param>
    /// <param name="usernameFromEmail">The username was cleaned from the e-mail: a username-only match under another e-mail is another person.</param>
    public static MatchResult Match(
        string? idNumber, string? email, string? username, IEnumerable<MoodleUserState> candidates, bool usernameFromEmail = false)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var users = candidates.DistinctBy(u => u.Id).ToList();

        var byIdNumber = Where(users, idNumber, u => u.IdNumber, StringComparison.Ordinal);
        if (byIdNumber.Count > 1)
        {
            return new MatchResult.IdNumberDuplicate(Ids(byIdNumber));
        }

        if (byIdNumber.Count == 1)
        {
            return new MatchResult.Found(byIdNumber[0], MatchLink.IdNumber);
        }

        var byEmail = Where(users, email, u => u.Email, StringComparison.OrdinalIgnoreCase);
        var byUsername = Where(users, username, u => u.Username, StringComparison.Ordinal);
        if (byEmail.Count > 1)
        {
            return Ambiguous(byEmail);
        }

        if (byUsername.Count > 1)
        {
            return Ambiguous(byUsername);
        }

        if (byEmail.Count == 1 && byUsername.Count == 1 && byEmail[0].Id != byUsername[0].Id)
        {
            return Ambiguous([byEmail[0], byUsername[0]]);
        }

        var (user, link) = byEmail.Count == 1 ? (byEmail[0], MatchLink.Email)
            : byUsername.Count == 1 ? (byUsername[0], MatchLink.Username)
            : (null, MatchLink.IdNumber);
        if (user is null)
        {
            return MatchResult.NotFound;
        }

        if (!string.IsNullOrWhiteSpace(user.IdNumber))
        {
            return new MatchResult.Conflict(user.Id, link);
        }

        return link == MatchLink.Username && usernameFromEmail
            ? new MatchResult.UsernameTaken(user.Id)
            : new MatchResult.Found(user, link);
    }

    /// <summary>For a Deleted employee, whose snapshot (and so e-mail and username) is gone.</summary>
    public static MatchResult MatchByIdNumber(string? idNumber, IEnumerable<MoodleUserState> candidates) =>
        Match(idNumber, null, null, candidates);

    private static List<MoodleUserState> Where(
        List<MoodleUserState> users, string? value, Func<MoodleUserState, string?> field, StringComparison comparison)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var trimmed = value.Trim();
        return users.Where(u => string.Equals(field(u)?.Trim(), trimmed, comparison)).ToList();
    }

    private static MatchResult.Ambiguous Ambiguous(IEnumerable<MoodleUserState> users) => new(Ids(users));

    private static List<long> Ids(IEnumerable<MoodleUserState> users) => users.Select(u => u.Id).Order().ToList();
}
