using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>One fresh snapshot, what BambooHR wants of it (mapped) and what to do about it in Moodle.</summary>
internal sealed record Decided<T>(Delivery Delivery, ReconcileCandidate Candidate, T Decision)
    where T : Decision;

/// <summary>The decide stage's answer for a batch, sorted by what happens next.</summary>
internal sealed record Decisions(
    IReadOnlyList<Decided<Decision.Create>> Creates,
    IReadOnlyList<Decided<Decision.Update>> Updates,
    IReadOnlyList<Applied> Unchanged,
    IReadOnlyList<Decided<Decision.Poison>> Poison);

/// <summary>
/// Decide: map each fresh snapshot, look the batch up in Moodle (<see cref="MoodleLookup"/>: one call by idnumber, then
/// by e-mail and username only for those not linked yet) and let the reconciler decide. Reads Moodle, writes nothing.
/// </summary>
internal sealed class DecideStage(IMoodleClient moodle, IOptions<MappingOptions> mapping, TimeProvider time, CalendarOptions? calendar = null)
{
    private readonly MappingOptions _mapping = mapping.Value;
    private readonly CalendarOptions _calendar = calendar ?? new CalendarOptions();

    /// <exception cref="MoodleException">A lookup failed; nothing is decided.</exception>
    public async Task<Decisions> DecideAsync(IReadOnlyList<Delivery> fresh, CancellationToken ct)
    {
        if (fresh.Count == 0)
        {
            return new Decisions([], [], [], []);
        }

        // The same day the producer reckons with (Sync:TimeZone), so a date re-published as due is decided as due.
        var today = _calendar.Today(time);
        var candidates = fresh.Select(d => Map(d, today)).ToList();
        var lookup = new MoodleLookup(moodle);
        // A redelivered message may be here because its consumer stopped between a refused create (a username held
        // under another e-mail) and resolving it: one username lookup for its batch spares that refusal again.
        var thorough = fresh.Any(d => d.ReceiveCount > 1);
        await lookup.LoadAsync(candidates, thorough, ct).ConfigureAwait(false);

        var creates = new List<Decided<Decision.Create>>();
        var updates = new List<Decided<Decision.Update>>();
        var unchanged = new List<Applied>();
        var poison = new List<Decided<Decision.Poison>>();
        for (var i = 0; i < fresh.Count; i++)
        {
            var (delivery, candidate) = (fresh[i], candidates[i]);
            var match = lookup.Match(candidate);
            switch (Reconciler.Decide(delivery.Change.Action, candidate.Mapping, match, delivery.EmployeeId))
            {
                case Decision.Poison p:
                    poison.Add(new(delivery, candidate, p));
                    break;
                case Decision.NoChange n:
                    // A held-back joiner says why it was not created; other no-changes need no detail.
                    unchanged.Add(new Applied(delivery, Outcome.Unchanged, n.Reason == NoChangeReasons.BeforeHire ? HeldDetail(candidate) : null, AdvanceLedger: true, (match as MatchResult.Found)?.User.Id)
                    {
                        Warnings = candidate.Warnings,
                    });
                    break;
                case Decision.Create c:
                    creates.Add(new(delivery, candidate, c));
                    break;
                case Decision.Update u:
                    updates.Add(new(delivery, candidate, u));
                    break;
            }
        }

        return new Decisions(creates, updates, unchanged, poison);
    }

    private static string HeldDetail(ReconcileCandidate candidate) =>
        $"{NoChangeReasons.BeforeHire}: not created before {candidate.Mapping?.User?.CreateFrom:yyyy-MM-dd} (Mapping:CreateDaysBeforeHire); published again on that day";

    private ReconcileCandidate Map(Delivery delivery, DateOnly today)
    {
        var change = delivery.Change;
        // Poisoned mappings still go to the reconciler: a leaver with bad data must still be suspended.
        var mapped = change.Action == EmployeeAction.Deleted || change.Snapshot is null
            ? null
            : DesiredUserMapper.Map(change.Snapshot, _mapping, today);
        return new ReconcileCandidate(delivery.EmployeeId, change.Action, mapped);
    }
}
