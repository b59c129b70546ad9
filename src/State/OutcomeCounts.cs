using Pipeline.Contracts;

namespace Pipeline.State;

/// <summary>A run's recorded outcomes counted: per outcome, and how many of its employees carried a warning.</summary>
/// <param name="ByOutcome">Every <see cref="Outcome"/> is present, zero when none.</param>
public sealed record OutcomeCounts(IReadOnlyDictionary<Outcome, int> ByOutcome, int Warnings)
{
    public static readonly OutcomeCounts None = new(Enum.GetValues<Outcome>().ToDictionary(o => o, _ => 0), 0);

    public int this[Outcome outcome] => ByOutcome.TryGetValue(outcome, out var n) ? n : 0;

    /// <summary>Employees with an outcome: every one of them is settled for the run.</summary>
    public int Settled => ByOutcome.Values.Sum();
}
