using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Handling;

/// <summary>
/// Finds the Moodle users a batch may concern with as few calls as possible: everyone by idnumber in one call;
/// only those not linked yet by email (as given and lowercased, since Moodle matches email case-sensitively)
/// and by username.
/// </summary>
/// <remarks>
/// By default (<c>thorough: false</c>) a username cleaned from the e-mail is not looked up when the e-mail
/// found nobody: an account holding that username under another e-mail is rare, and Moodle refuses to create a
/// second one, which the consumer then resolves with a thorough lookup (and a thorough retry). That saves a third of
/// the lookup calls of a batch of joiners, Moodle's scarcest resource (docs/performance.md).
/// </remarks>
public sealed class MoodleLookup(IMoodleClient moodle)
{
    private readonly Dictionary<long, MoodleUserState> _users = [];

    public int Calls { get; private set; }

    /// <param name="thorough">Also look up usernames cleaned from the e-mail of an employee nobody has by e-mail.</param>
    public async Task LoadAsync(IReadOnlyList<ReconcileCandidate> candidates, bool thorough, CancellationToken ct)
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

        var emails = unlinked.SelectMany(d => new[] { d.Email, d.Email.ToLowerInvariant() }).Distinct(StringComparer.Ordinal).ToList();
        await AddAsync("email", emails, ct).ConfigureAwait(false);

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
