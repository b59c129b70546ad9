using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

public class SnapshotOrderingTests
{
    private static readonly DateTimeOffset T = new(2025, 6, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nothing_applied_yet_is_new() => Assert.Equal(Freshness.New, SnapshotOrdering.IsStale(T, "h", null, null));

    [Fact]
    public void Same_time_and_hash_is_a_duplicate() => Assert.Equal(Freshness.Duplicate, SnapshotOrdering.IsStale(T, "h", T, "h"));

    [Fact]
    public void Same_time_and_hash_in_another_offset_is_a_duplicate() =>
        Assert.Equal(Freshness.Duplicate, SnapshotOrdering.IsStale(T.ToOffset(TimeSpan.FromHours(2)), "h", T, "h"));

    [Fact]
    public void Deleted_messages_without_hash_at_the_same_time_are_duplicates() =>
        Assert.Equal(Freshness.Duplicate, SnapshotOrdering.IsStale(T, null, T, null));

    [Fact]
    public void Older_than_applied_is_stale_whatever_the_hash()
    {
        Assert.Equal(Freshness.Stale, SnapshotOrdering.IsStale(T.AddSeconds(-1), "h", T, "h"));
        Assert.Equal(Freshness.Stale, SnapshotOrdering.IsStale(T.AddDays(-1), "other", T, "h"));
    }

    [Fact]
    public void Newer_than_applied_is_new_even_with_the_same_hash()
    {
        Assert.Equal(Freshness.New, SnapshotOrdering.IsStale(T.AddSeconds(1), "h", T, "h"));
        Assert.Equal(Freshness.New, SnapshotOrdering.IsStale(T.AddSeconds(1), "other", T, "h"));
    }

    [Fact]
    public void Same_time_with_a_different_hash_is_new_because_it_cannot_be_ordered() =>
        Assert.Equal(Freshness.New, SnapshotOrdering.IsStale(T, "other", T, "h"));

    [Fact]
    public void Hashes_are_compared_exactly() =>
        Assert.Equal(Freshness.New, SnapshotOrdering.IsStale(T, "ABC", T, "abc"));
}
