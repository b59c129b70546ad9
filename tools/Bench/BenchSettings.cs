using System.Globalization;
using Pipeline.LocalStack;

namespace Pipeline.Bench;

/// <summary>What one bench run measures and where the stack it drives listens.</summary>
internal sealed record BenchSettings
{
    public bool Quick { get; init; }

    /// <summary>Employees in the pipeline scenarios (first sync, re-syncs).</summary>
    public int Employees { get; init; } = 5_000;

    /// <summary>Employees walked one at a time per baseline kind (joiners, movers, unchanged).</summary>
    public int SequentialSample { get; init; } = 200;

    /// <summary>Changes the producer publishes on its own.</summary>
    public int ProducerChanges { get; init; } = 100_000;

    public IReadOnlyList<int> ConsumerCounts { get; init; } = [1, 2, 4, 8];

    public int GatherSize { get; init; } = 50;

    public int PublishConcurrency { get; init; } = 4;

    /// <summary>
    /// Runs of scenario 5; the figure is the run with the median publish time. A 20,000-change publish lasts about a
    /// second, and single runs on this shared 2-core machine vary widely; 5 keep one bad second from deciding it.
    /// </summary>
    public int ProducerRuns { get; init; } = 5;

    /// <summary>Only scenario 5 (the producer alone) and the one first sync its share is read from, printed; no results.json.</summary>
    public bool ProducerOnly { get; init; }

    /// <summary>Only a first sync and then `sync --full` with nothing changed (N defaults to 2,000), printed; no results.json.</summary>
    public bool FullSyncOnly { get; init; }

    public double MoverShare { get; init; } = 0.10;

    public int BambooPort { get; init; } = 5280;

    public int MoodlePort { get; init; } = 5281;

    public string Profile { get; init; } = "real-moodle-4.5-2core";

    public required string RepoRoot { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>The producer to run: what ships (bench.sh publishes it native AOT, as the image does), else the build output.</summary>
    public string? ProducerDll { get; init; }

    /// <summary>BenchmarkDotNet's full JSON report of the consumer CPU benchmark, when it ran.</summary>
    public string? ConsumerReport { get; init; }

    public string RunTag { get; init; } = "b" + DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture);

    public Uri BambooRoot => new($"http://127.0.0.1:{BambooPort}/");

    public Uri MoodleRoot => new($"http://127.0.0.1:{MoodlePort}/");

    /// <summary>What the pipeline's processes run with: the harness's addresses, secrets and lane, and the bench's timings.</summary>
    public Dictionary<string, string?> PipelineSettings(Harness harness, Lane? lane)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var s = harness.Settings(lane);
        s["Queue:PublishConcurrency"] = PublishConcurrency.ToString(CultureInfo.InvariantCulture);
        // The drain check's own latency is part of "end to end"; keep it small next to the work measured.
        s["Sync:StabilityWindow"] = "00:00:01";
        s["Sync:PollInterval"] = "00:00:00.500";
        s["Sync:InitialLookbackDays"] = "14";
        s["Consumer:WaitTimeSeconds"] = "1";
        s["Retry:Redelivery:BaseDelay"] = "00:00:02";
        s["Logging:LogLevel:Default"] = "Information";
        return s;
    }

    public static BenchSettings Parse(IReadOnlyList<string> args, string repoRoot)
    {
        var quick = args.Contains("--quick");
        var s = new BenchSettings
        {
            Quick = quick,
            Employees = quick ? 1_000 : 5_000,
            SequentialSample = quick ? 60 : 200,
            ProducerChanges = quick ? 20_000 : 100_000,
            RepoRoot = repoRoot,
            OutputDirectory = Path.Combine(repoRoot, "artifacts", "bench"),
        };
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            s = args[i] switch
            {
                "--quick" => s,
                "--producer-only" => s with { ProducerOnly = true },
                "--full-sync-only" => s with { FullSyncOnly = true, Employees = args.Contains("--n") ? s.Employees : 2_000 },
                "--n" => s with { Employees = NextInt() },
                "--sequential" => s with { SequentialSample = NextInt() },
                "--producer-changes" => s with { ProducerChanges = NextInt() },
                "--producer-runs" => s with { ProducerRuns = Math.Max(1, NextInt()) },
                "--consumers" => s with { ConsumerCounts = Next().Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList() },
                "--gather" => s with { GatherSize = NextInt() },
                "--publish-concurrency" => s with { PublishConcurrency = NextInt() },
                "--bamboo-port" => s with { BambooPort = NextInt() },
                "--moodle-port" => s with { MoodlePort = NextInt() },
                "--out" => s with { OutputDirectory = Path.GetFullPath(Next()) },
                "--producer-dll" => s with { ProducerDll = Path.GetFullPath(Next()) },
                "--consumer-report" => s with { ConsumerReport = Path.GetFullPath(Next()) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Run with --help for the options."),
            };
        }

        return s;
    }
}
