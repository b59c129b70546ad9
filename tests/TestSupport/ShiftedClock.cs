namespace Pipeline.TestSupport;

/// <summary>
/// The system clock moved by a settable offset: dates jump (a termination date arrives) while timers, delays and
/// elapsed time stay real, so hosts that poll and wait keep working. For tests that move whole days.
/// </summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    private long _offsetTicks = offset.Ticks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
