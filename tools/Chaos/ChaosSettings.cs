using System.Globalization;

namespace Pipeline.Chaos;

/// <summary>What one chaos run does; <c>--quick</c> is the CI size (it runs inside ./test.sh).</summary>
public sealed record ChaosSettings
{
    public required string Mode { get; init; }
    public required int Employees { get; init; }
    public required int WorkerKills { get; init; }
    public required int Workers { get; init; }
    public int BambooPort { get; init; } = 5180;
    public int MoodlePort { get; init; } = 5181;
    public int GeneratorSeed { get; init; } = 20240917;
    public int ChaosSeed { get; init; } = 7;
    public int FaultSeed { get; init; } = 4242;

    /// <summary>
    /// Attempts before a transient failure is parked, and the queue's maxReceiveCount, raised together. With at most
    /// ~35% of a message's attempts failing (one failed write call fails its whole batch), plus one receive per worker
    /// kill and one for the duplicate copy, 50 receives make transient_exhausted a 0.35^43 ≈ 2e-20 event per message.
    /// </summary>
    public int MaxAttempts { get; init; } = 50;

    public double Http500Rate { get; init; } = 0.10;
    public double TimeoutRate { get; init; } = 0.05;
    public double SlowRate { get; init; } = 0.02;
    public double DmlErrorRate { get; init; } = 0.03;

    /// <summary>Extra service time of a "slow" Moodle call: slow, but inside the consumer's 5 s Moodle timeout.</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MoodleTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(5);
    public int VisibilityTimeoutSeconds { get; init; } = 20;

    /// <summary>Share of the run's messages the chaos run sends a second time.</summary>
    public double DuplicateShare { get; init; } = 0.05;

    /// <summary>Share of employees BambooHR changes between the two runs (movers, leavers and one rehire).</summary>
    public double ChangeShare { get; init; } = 0.10;

    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(12);

    /// <summary>`--outage`: how long Moodle answers 500 to everything, mid-run (`--outage-seconds`).</summary>
    public TimeSpan OutageDuration { get; init; } = TimeSpan.FromMinutes(2);

    public static ChaosSettings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var settings = args.Contains("--bad-day")
            ? new ChaosSettings { Mode = "bad-day", Employees = 200, WorkerKills = 0, Workers = 2 }
            : args.Contains("--outage")
            ? new ChaosSettings { Mode = "outage", Employees = 300, WorkerKills = 0, Workers = 2 }
            : quick
            ? new ChaosSettings { Mode = "quick", Employees = 500, WorkerKills = 3, Workers = 2 }
            : new ChaosSettings { Mode = "full", Employees = 3000, WorkerKills = 5, Workers = 3 };
        for (var i = 0; i < args.Length - 1; i++)
        {
            settings = args[i] switch
            {
                "--employees" => settings with { Employees = Int(args[i + 1]) },
                "--bamboo-port" => settings with { BambooPort = Int(args[i + 1]) },
                "--moodle-port" => settings with { MoodlePort = Int(args[i + 1]) },
                "--workers" => settings with { Workers = Int(args[i + 1]) },
                "--outage-seconds" => settings with { OutageDuration = TimeSpan.FromSeconds(Int(args[i + 1])) },
                _ => settings,
            };
        }

        return settings;
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}
