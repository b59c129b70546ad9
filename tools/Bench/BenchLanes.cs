using Pipeline.LocalStack;

namespace Pipeline.Bench;

/// <summary>The lanes (queue, DLQ, state table) one bench run creates on the shared emulators, all removed at its end.</summary>
internal sealed class BenchLanes(Harness harness, BenchSettings settings)
{
    private readonly List<Lane> _lanes = [];

    public Harness Harness => harness;

    /// <summary>A fresh lane named after the run tag, as `pipeline local-setup` shapes it.</summary>
    public async Task<Lane> CreateAsync(string name, CancellationToken ct)
    {
        var lane = await harness.CreateLaneAsync($"{settings.RunTag}-{name}", ct: ct).ConfigureAwait(false);
        _lanes.Add(lane);
        return lane;
    }

    public async Task RemoveAsync(Lane lane)
    {
        await harness.RemoveLaneAsync(lane).ConfigureAwait(false);
        _lanes.Remove(lane);
    }

    public async Task RemoveAllAsync()
    {
        foreach (var lane in _lanes.ToList())
        {
            await RemoveAsync(lane).ConfigureAwait(false);
        }
    }
}
