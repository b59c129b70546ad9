using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>
/// Write, creates: one core_user_create_users for the batch's joiners, settled as soon as Moodle answers. Moodle
/// creates all or nothing, so a refused call is halved until the refused joiner stands alone. That one is looked up
/// again, thoroughly (<see cref="MoodleLookup"/>: its e-mail in any case, its cleaned username), and decided again in
/// the same pass: an account that differs only in the e-mail's case, or that a concurrent consumer or a timed-out
/// earlier attempt created, is linked or updated; an account that cannot be taken over makes it poison with that
/// reason; nobody at all means Moodle refused the joiner's own data, and it is parked with Moodle's error.
/// </summary>
internal sealed class CreateWriter(IMoodleClient moodle, Settler settler)
{
    /// <returns>Updates for refused joiners found to have an account, for the caller to write with the batch's updates (no extra call).</returns>
    /// <exception cref="MoodleException">Transient or fatal: the joiners not settled yet are the caller's to retry.</exception>
    public async Task<IReadOnlyList<Decided<Decision.Update>>> WriteAsync(IReadOnlyList<Decided<Decision.Create>> creates, ConsumerBatch batch, CancellationToken ct)
    {
        var found = new List<Decided<Decision.Update>>();
        await WriteAsync(creates, found, batch, ct).ConfigureAwait(false);
        return found;
    }

    private async Task WriteAsync(IReadOnlyList<Decided<Decision.Create>> creates, List<Decided<Decision.Update>> found, ConsumerBatch batch, CancellationToken ct)
    {
        if (creates.Count == 0)
        {
            return;
        }

        try
        {
            var created = await MoodleWrites.TimedAsync("core_user_create_users",
                () => moodle.CreateUsersAsync([.. creates.Select(c => MoodleRequests.ToNewUser(c.Decision.User))], ct)).ConfigureAwait(false);
            var byUsername = created.ToDictionary(c => c.Username, c => c.Id, StringComparer.Ordinal);
            await settler.ApplyAsync([.. creates.Select(c => new Applied(c.Delivery, Outcome.Created, null, AdvanceLedger: true,
                byUsername.TryGetValue(c.Decision.User.Username, out var id) ? id : null) { Warnings = c.Candidate.Warnings })], batch, ct).ConfigureAwait(false);
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.InvalidRecord)
        {
            if (creates.Count == 1)
            {
                await ResolveRefusedAsync(creates[0], ex, found, batch, ct).ConfigureAwait(false);
                return;
            }

            var half = creates.Count / 2;
            await WriteAsync([.. creates.Take(half)], found, batch, ct).ConfigureAwait(false);
            await WriteAsync([.. creates.Skip(half)], found, batch, ct).ConfigureAwait(false);
        }
    }

    private async Task ResolveRefusedAsync(
        Decided<Decision.Create> create, MoodleException ex, List<Decided<Decision.Update>> found, ConsumerBatch batch, CancellationToken ct)
    {
        var (delivery, candidate) = (create.Delivery, create.Candidate);
        var lookup = new MoodleLookup(moodle);
        await lookup.LoadAsync([candidate], thorough: true, anyCase: true, ct).ConfigureAwait(false);
        var match = lookup.Match(candidate);
        switch (Reconciler.Decide(delivery.Change.Action, candidate.Mapping, match, delivery.EmployeeId))
        {
            case Decision.Update update:
                found.Add(new(delivery, candidate, update));
                break;
            case Decision.NoChange:
                await settler.ApplyAsync([new Applied(delivery, Outcome.Unchanged, null, AdvanceLedger: true, (match as MatchResult.Found)?.User.Id)],
                    batch, ct).ConfigureAwait(false);
                break;
            case Decision.Poison poison:
                await settler.ParkAsync(delivery, poison.Code, poison.Message, batch, ct).ConfigureAwait(false);
                break;
            default:
                await settler.ParkAsync(delivery, "moodle_" + ex.ErrorCode,
                    $"Moodle refused to create the user for employee {delivery.EmployeeId}: {ex.Message}", batch, ct).ConfigureAwait(false);
                break;
        }
    }
}
