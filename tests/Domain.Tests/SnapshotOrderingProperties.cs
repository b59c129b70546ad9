using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

public class SnapshotOrderingProperties
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A ledger fed deliveries in any order, with redeliveries, as the consumer keeps it.</summary>
    private static (DateTimeOffset At, string Hash)? Feed(IEnumerable<(DateTimeOffset At, string Hash)> deliveries)
    {
        (DateTimeOffset At, string Hash)? applied = null;
        foreach (var incoming in deliveries)
        {
            var freshness = SnapshotOrdering.IsStale(incoming.At, incoming.Hash, applied?.At, applied?.Hash);
            if (freshness == Freshness.New)
            {
                applied = incoming;
            }
        }

        return applied;
    }

    public static Arbitrary<int[]> Deliveries() =>
        (from distinct in Gen.Choose(1, 12)
         from order in Gen.Shuffle(Enumerable.Range(0, distinct))
         from redeliveries in Gen.ArrayOf(Gen.Choose(0, distinct - 1))
         from mixed in Gen.Shuffle(order.Concat(redeliveries))
         select mixed.ToArray()).ToArbitrary();

    [Property(Arbitrary = [typeof(SnapshotOrderingProperties)], MaxTest = 1000)]
    public void An_older_snapshot_never_overwrites_a_newer_one_whatever_the_delivery_order(int[] versions)
    {
        var deliveries = versions.Select(v => (Epoch.AddMinutes(v), "hash-" + v)).ToList();
        var applied = Feed(deliveries);
        var newest = versions.Max();
        Assert.Equal((Epoch.AddMinutes(newest), "hash-" + newest), applied);
    }

    [Property(MaxTest = 1000)]
    public void Older_is_stale_newer_is_new_and_the_same_is_a_duplicate(int a, int b, NonEmptyString hash)
    {
        var applied = Epoch.AddSeconds(a);
        var incoming = Epoch.AddSeconds(b);
        var expected = b < a ? Freshness.Stale : b > a ? Freshness.New : Freshness.Duplicate;
        Assert.Equal(expected, SnapshotOrdering.IsStale(incoming, hash.Get, applied, hash.Get));
    }
}
