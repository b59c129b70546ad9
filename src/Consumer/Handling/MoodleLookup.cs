using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Handling;

/// <summary>
/// Finds the Moodle users a batch may concern with as few calls as possible: everyone by idnumber in one call;
/// only those not linked yet by email (as given and lowercased, since Moodle matches email case-sensitively)
/// and, where that found nothing, by username.
/// </summary>
public sealed class MoodleLookup(IMoodleClient moodle)
{
    private readonly Dictionary<long, MoodleUserState> _users = [];

    public int Calls { get; private set; }

    public async Task LoadAsync(IReadOnlyList<ReconcileCandidate> candidates, CancellationToken ct)
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
        var usernames = unlinked
            .Where(d => !foundEmails.Contains(d.Email.ToLowerInvariant()) || !string.Equals(d.Username, d.Email.ToLowerInvariant(), StringComparison.Ordinal))
            .Select(d => d.Username).Distinct(StringComparer.Ordinal).ToList();
        await AddAsync("username", usernames, ct).ConfigureAwait(false);
    }

    public MatchResult Match(ReconcileCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Mapping?.User is { } d
            ? UserMatcher.Match(d.IdNumber, d.Email, d.Username, _users.Values)
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
