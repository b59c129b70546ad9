using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Handling;

/// <summary>
/// Finds the Moodle users a batch may concern with as few calls as possible: everyone by idnumber in one call;
/// only those not linked yet by email (as given and lowercased, since core_user_get_users_by_field matches email
/// case-sensitively) and by username. The idnumber call always comes first and asks for every employee, so every
/// account holding an employee's idnumber is in hand before any account is linked to it (UserMatcher never links a
/// second one).
/// </summary>
/// <remarks>
/// By default (<c>thorough: false</c>) a username cleaned from the e-mail is not looked up when the e-mail
/// found nobody: an account holding that username under another e-mail is rare, and Moodle refuses to create a
/// second one, which the consumer then resolves with a thorough lookup. That saves a third of the lookup calls of a
/// batch of joiners, Moodle's scarcest resource (docs/performance.md). The same refusal is what reveals an account
/// whose e-mail differs from the employee's only in case (Moodle refuses duplicate e-mails ignoring case):
/// <c>anyCase</c> then searches the e-mail with core_user_get_users, which compares ignoring case but takes one
/// e-mail per call, so it is never used for a whole batch.
/// </remarks>
public sealed class MoodleLookup(IMoodleClient moodle)
{
    private readonly Dictionary<long, MoodleUserState> _users = [];

    public int Calls { get; private set; }

    /// <param name="thorough">Also look up usernames cleaned from the e-mail of an employee nobody has by e-mail.</param>
    public Task LoadAsync(IReadOnlyList<ReconcileCandidate> candidates, bool thorough, CancellationToken ct) =>
        LoadAsync(candidates, thorough, anyCase: false, ct);

    /// <param name="thorough">Also look up usernames cleaned from the e-mail of an employee nobody has by e-mail.</param>
    /// <param name="anyCase">
    /// Find e-mails ignoring case: one core_user_get_users call per employee not linked yet (instead of one
    /// core_user_get_users_by_field call for all), keeping only accounts whose e-mail equals the employee's ignoring case.
    /// </param>
    public async Task LoadAsync(IReadOnlyList<ReconcileCandidate> candidates, bool thorough, bool anyCase, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var idNumbers = candidates.Select(c => c.IdNumber).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        await AddAsync("idnumber", idNumbers, ct).ConfigureAwait(false);

        var linked = _users.Values.Where(u => !string.IsNullOrEmpty(u.IdNumber)).Select(u => u.IdNumber!).ToHashSet(StringComparer.Ordinal);
        var unlinked = candidates.Select(c => c.Mapping?.User).OfType<DesiredUser>().Where(d => !linked.Contains(d.IdNumber)).ToList();
        if (unlinked.Count == 0)
        {
            return;
        }

        if (anyCase)
        {
            foreach (var email in unlinked.Select(d => d.Email.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                await SearchEmailAsync(email, ct).ConfigureAwait(false);
            }
        }
        else
        {
            var emails = unlinked.SelectMany(d => new[] { d.Email, d.Email.ToLowerInvariant() }).Distinct(StringComparer.Ordinal).ToList();
            await AddAsync("email", emails, ct).ConfigureAwait(false);
        }

        var foundEmails = _users.Values.Select(u => u.Email.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        // UsernameFromEmail: the username is the cleaned e-mail (MoodleUsername), the case the shortcut is for.
        var usernames = unlinked
            .Where(d => !d.UsernameFromEmail || (thorough && !foundEmails.Contains(d.Email.ToLowerInvariant())))
            .Select(d => d.Username).Distinct(StringComparer.Ordinal).ToList();
        await AddAsync("username", usernames, ct).ConfigureAwait(false);
    }

    public MatchResult Match(ReconcileCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Mapping?.User is { } d
            ? UserMatcher.Match(d.IdNumber, d.Email, d.Username, _users.Values, d.UsernameFromEmail)
            // Deleted employees and poisoned leavers: only the idnumber link can identify them safely.
            : UserMatcher.MatchByIdNumber(candidate.IdNumber, _users.Values);
    }

    // The criterion is a LIKE pattern, so "_" and "%" in the address match other accounts too (fixtures 77, 78):
    // only equals ignoring case are kept, the lookalikes never reach the matcher.
    private async Task SearchEmailAsync(string email, CancellationToken ct)
    {
        Calls++;
        var users = await moodle.GetUsersAsync(new Dictionary<string, string>(StringComparer.Ordinal) { ["email"] = email }, ct).ConfigureAwait(false);
        foreach (var user in users.Where(u => string.Equals(u.Email.Trim(), email, StringComparison.OrdinalIgnoreCase)))
        {
            _users[user.Id] = MoodleRequests.ToState(user);
        }
    }

    private async Task AddAsync(string field, List<string> values, CancellationToken ct)
    {
        if (values.Count == 0)
        {
            return;
        }

        Calls++;
        var users = await moodle.GetUsersByFieldAsync(field, values, ct).ConfigureAwait(false);
        foreach (var user in users)
        {
            _users[user.Id] = MoodleRequests.ToState(user);
        }
    }
}
