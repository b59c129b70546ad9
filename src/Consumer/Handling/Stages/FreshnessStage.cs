using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.State;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>What the freshness stage found: snapshots to reconcile, and snapshots settled without Moodle.</summary>
internal sealed record Freshness(IReadOnlyList<Delivery> Fresh, IReadOnlyList<Applied> Settled);

/// <summary>
/// Freshness: one ledger read for the batch. Per employee only the newest snapshot in the batch may go on, and only if
/// the ledger has not applied it or a newer one; copies of it travel with it. Everything else is settled here as
/// unchanged (a duplicate) or stale (older), without a Moodle call; except that a duplicate a full run sent goes on
/// (<see cref="Delivery.Recheck"/>), because a full run compares every employee with Moodle itself, and so does one
/// re-published because its date arrived (<see cref="EmployeeChanged.Due"/>): the date, not the snapshot, changed.
/// </summary>
internal sealed class FreshnessStage(IIdempotencyLedger ledger)
{
    public async Task<Freshness> SortAsync(IReadOnlyList<Delivery> decoded, CancellationToken ct)
    {
        if (decoded.Count == 0)
        {
            return new Freshness([], []);
        }

        var ids = decoded.Select(d => d.EmployeeId).Distinct(StringComparer.Ordinal).ToList();
        var applied = await ledger.GetManyAsync(ids, ct).ConfigureAwait(false);
        var fresh = new List<Delivery>(decoded.Count);
        var settled = new List<Applied>();
        foreach (var group in decoded.GroupBy(d => d.EmployeeId, StringComparer.Ordinal))
        {
            var ordered = group.OrderByDescending(d => d.Change.LastChanged).ToList();
            var newest = ordered[0].Change;
            var delivery = Delivery.Merge([.. ordered.Where(d => SameSnapshot(d.Change, newest))]);
            applied.TryGetValue(newest.EmployeeId, out var entry);
            switch (SnapshotOrdering.IsStale(newest.LastChanged, newest.ContentHash, entry?.LastChanged, entry?.ContentHash))
            {
                case Domain.Freshness.New:
                    fresh.Add(delivery);
                    break;
                case Domain.Freshness.Duplicate when ordered.Any(d => d.Change.Full && SameSnapshot(d.Change, newest)):
                    fresh.Add(delivery with { Recheck = true });
                    break;
                case Domain.Freshness.Duplicate when ordered.Any(d => d.Change.Due && SameSnapshot(d.Change, newest)):
                    fresh.Add(delivery with { Recheck = true, DueRecheck = true });
                    break;
                case Domain.Freshness.Duplicate:
                    settled.Add(new Applied(delivery, Outcome.Unchanged, "duplicate of the applied snapshot", AdvanceLedger: false));
                    break;
                default:
                    settled.Add(new Applied(delivery, Outcome.Stale, "older than the applied snapshot", AdvanceLedger: false));
                    break;
            }

            foreach (var older in ordered.Where(d => !SameSnapshot(d.Change, newest)))
            {
                settled.Add(new Applied(older, Outcome.Stale, "superseded in the same batch", AdvanceLedger: false));
            }
        }

        return new Freshness(fresh, settled);
    }

    private static bool SameSnapshot(EmployeeChanged a, EmployeeChanged b) =>
        a.LastChanged == b.LastChanged && string.Equals(a.ContentHash, b.ContentHash, StringComparison.Ordinal);
}
