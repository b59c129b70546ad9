using System.Globalization;
using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>
/// Write, updates: one core_user_update_users for the batch's movers, leavers and rehires, then one read-back of the
/// users Moodle accepted, because Moodle skips some updates without a warning. An update is applied only when deciding
/// again on the re-read user finds nothing left to do. A per-user warning parks that employee alone; a refused call
/// (malformed parameters fail the whole call) is halved until the offender stands alone.
/// </summary>
internal sealed class UpdateWriter(IMoodleClient moodle, Settler settler)
{
    /// <exception cref="MoodleException">Transient or fatal: the employees not settled yet are the caller's to retry.</exception>
    public async Task WriteAsync(IReadOnlyList<Decided<Decision.Update>> updates, ConsumerBatch batch, CancellationToken ct)
    {
        if (updates.Count == 0)
        {
            return;
        }

        IReadOnlyList<MoodleWarning> warnings;
        try
        {
            warnings = await MoodleWrites.TimedAsync("core_user_update_users",
                () => moodle.UpdateUsersAsync([.. updates.Select(u => MoodleRequests.ToUpdate(u.Decision.UserId, u.Decision.Changes))], ct)).ConfigureAwait(false);
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.InvalidRecord && updates.Count > 1)
        {
            var half = updates.Count / 2;
            await WriteAsync([.. updates.Take(half)], batch, ct).ConfigureAwait(false);
            await WriteAsync([.. updates.Skip(half)], batch, ct).ConfigureAwait(false);
            return;
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.InvalidRecord)
        {
            await settler.ParkAsync(updates[0].Delivery, "moodle_" + ex.ErrorCode,
                $"Moodle refused to update the user for employee {updates[0].Delivery.EmployeeId}: {ex.Message}", batch, ct).ConfigureAwait(false);
            return;
        }

        var warned = warnings.Where(w => w.ItemId is not null).GroupBy(w => w.ItemId!.Value).ToDictionary(g => g.Key, g => g.Last());
        var accepted = new List<Decided<Decision.Update>>(updates.Count);
        foreach (var update in updates)
        {
            if (warned.TryGetValue(update.Decision.UserId, out var w))
            {
                await settler.ParkAsync(update.Delivery, "moodle_" + w.WarningCode,
                    $"Moodle did not update the user for employee {update.Delivery.EmployeeId}: {w.Message}", batch, ct).ConfigureAwait(false);
            }
            else
            {
                accepted.Add(update);
            }
        }

        await ReadBackAsync(accepted, batch, ct).ConfigureAwait(false);
    }

    private async Task ReadBackAsync(List<Decided<Decision.Update>> accepted, ConsumerBatch batch, CancellationToken ct)
    {
        if (accepted.Count == 0)
        {
            return;
        }

        var reread = await MoodleWrites.TimedAsync("core_user_get_users_by_field",
            () => moodle.GetUsersByFieldAsync("id", [.. accepted.Select(a => a.Decision.UserId.ToString(CultureInfo.InvariantCulture))], ct)).ConfigureAwait(false);
        var byId = reread.ToDictionary(u => u.Id);
        var applied = new List<Applied>(accepted.Count);
        foreach (var update in accepted)
        {
            var (delivery, userId) = (update.Delivery, update.Decision.UserId);
            if (!byId.TryGetValue(userId, out var now))
            {
                await settler.ParkAsync(delivery, "moodle_user_vanished",
                    $"The Moodle user for employee {delivery.EmployeeId} could not be read back after the update.", batch, ct).ConfigureAwait(false);
                continue;
            }

            var again = Reconciler.Decide(delivery.Change.Action, update.Candidate.Mapping,
                new MatchResult.Found(MoodleRequests.ToState(now), MatchLink.IdNumber), delivery.EmployeeId);
            if (again is Decision.NoChange)
            {
                applied.Add(new Applied(delivery, update.Decision.Outcome, null, AdvanceLedger: true, userId) { Warnings = update.Candidate.Warnings });
            }
            else
            {
                await settler.ParkAsync(delivery, "moodle_update_skipped",
                    $"Moodle accepted the update for employee {delivery.EmployeeId} but did not apply it (fields: {string.Join(", ", ChangedFields(again))}).", batch, ct).ConfigureAwait(false);
            }
        }

        await settler.ApplyAsync(applied, batch, ct).ConfigureAwait(false);
    }

    private static IEnumerable<string> ChangedFields(Decision d) =>
        d is Decision.Update u ? u.Changes.Select(c => c.Field) : [d.GetType().Name];
}
