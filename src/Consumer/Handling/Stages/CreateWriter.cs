using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>
/// Write, creates: one core_user_create_users for the batch's joiners, settled as soon as Moodle answers. Moodle
/// creates all or nothing, so a refused call is halved until the refused joiner stands alone; that one is retried when
/// someone now matches it (a concurrent consumer created it, an earlier attempt succeeded after a timeout, or its
/// username is held under another e-mail: the retry's thorough lookup links it), and parked otherwise.
/// </summary>
internal sealed class CreateWriter(IMoodleClient moodle, Settler settler)
{
    /// <exception cref="MoodleException">Transient or fatal: the joiners not settled yet are the caller's to retry.</exception>
    public async Task WriteAsync(IReadOnlyList<Decided<Decision.Create>> creates, ConsumerBatch batch, CancellationToken ct)
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
                await ResolveRefusedAsync(creates[0], ex, batch, ct).ConfigureAwait(false);
                return;
            }

            var half = creates.Count / 2;
            await WriteAsync([.. creates.Take(half)], batch, ct).ConfigureAwait(false);
            await WriteAsync([.. creates.Skip(half)], batch, ct).ConfigureAwait(false);
        }
    }

    private async Task ResolveRefusedAsync(Decided<Decision.Create> create, MoodleException ex, ConsumerBatch batch, CancellationToken ct)
    {
        var lookup = new MoodleLookup(moodle);
        await lookup.LoadAsync([create.Candidate], thorough: true, ct).ConfigureAwait(false);
        if (lookup.Match(create.Candidate) is MatchResult.None || settler.IsLastAttempt(create.Delivery))
        {
            await settler.ParkAsync(create.Delivery, "moodle_" + ex.ErrorCode,
                $"Moodle refused to create the user for employee {create.Delivery.EmployeeId}: {ex.Message}", batch, ct).ConfigureAwait(false);
            return;
        }

        Settler.RetryNow(create.Delivery, batch);
    }
}
