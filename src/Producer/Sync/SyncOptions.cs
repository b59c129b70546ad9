using System.ComponentModel.DataAnnotations;

namespace Pipeline.Producer.Sync;

/// <summary>Configuration section "Sync".</summary>
public sealed class SyncOptions : IValidatableObject
{
    /// <summary>Changes are asked for since the watermark minus this overlap; repeats are settled as unchanged.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first run ever looks this many days back.</summary>
    [Range(0, 3650)]
    public int InitialLookbackDays { get; set; } = 14;

    /// <summary>How long `sync` waits for the queue to drain before reporting `draining` (the next run finalizes).</summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The queue must show nothing visible, in flight or delayed for this long before a run is final. SQS counts are
    /// approximate on AWS (60 s); the emulator's are exact (a few seconds).
    /// </summary>
    public TimeSpan StabilityWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the drain is checked.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A publishing producer renews its claim this often; a claim older than this is taken over (the producer died).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Chunks of BambooHR snapshots fetched, encoded and sent at the same time (1–16).</summary>
    [Range(1, 16)]
    public int PublishParallelism { get; set; } = 3;

    /// <summary>
    /// The mass-suspension safeguard holds a run that would suspend more than this percentage of the active linked
    /// Moodle accounts (and more than <see cref="SuspendLimitCount"/>), or a full run that sees fewer than 100 minus it.
    /// </summary>
    [Range(0, 100)]
    public int SuspendLimitPercent { get; set; } = 20;

    /// <summary>... and more than this many: a run suspending this many or fewer is never held.</summary>
    [Range(0, 1_000_000)]
    public int SuspendLimitCount { get; set; } = 10;

    /// <summary>
    /// The durations' bounds. By hand: RangeAttribute over TimeSpan converts its bounds by reflection, which the
    /// native (trimmed) producer cannot use. A negative poll interval or lease would fail only mid-run.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value, min, max) in new[]
        {
            (nameof(Overlap), Overlap, TimeSpan.Zero, TimeSpan.FromDays(30)),
            (nameof(Wait), Wait, TimeSpan.Zero, TimeSpan.FromDays(30)),
            (nameof(StabilityWindow), StabilityWindow, TimeSpan.Zero, TimeSpan.FromDays(1)),
            (nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            (nameof(Lease), Lease, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        })
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult($"Sync:{name} must be from {min:c} to {max:c}, not {value:c}.", [name]);
            }
        }
    }
}
