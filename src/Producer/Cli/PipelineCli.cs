using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Producer.Operate;
using Pipeline.Producer.Sync;
using Pipeline.Queue;
using Pipeline.State;

namespace Pipeline.Producer.Cli;

/// <summary>The `pipeline` command line: sync, status, dlq peek|replay, rewind, local-setup.</summary>
public static class PipelineCli
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync().ConfigureAwait(false);
        }

        // One line per problem and the documented exit code for bad arguments, rather than the whole help text.
        foreach (var error in parse.Errors)
        {
            Console.Error.WriteLine($"error: {error.Message}");
        }

        Console.Error.WriteLine($"Run `{string.Join(' ', ["pipeline", .. CommandPath(parse.CommandResult)])} --help` for usage.");
        return ExitCodes.BadArguments;
    }

    private static IEnumerable<string> CommandPath(CommandResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r?.Parent is CommandResult parent; r = parent)
        {
            names.Push(r.Command.Name);
        }

        return names;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "BambooHR → Moodle sync. Configuration comes from environment variables (BambooHr__BaseUrl, Moodle__BaseUrl, " +
            "Queue__QueueUrl, Queue__DeadLetterQueueUrl, State__TableName, AWS_REGION, ...); see README \"Configuration\".");
        root.Subcommands.Add(SyncCommand());
        root.Subcommands.Add(StatusCommand());
        root.Subcommands.Add(DlqCommand());
        root.Subcommands.Add(RewindCommand());
        root.Subcommands.Add(LocalSetupCommand());
        return root;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print machine-readable JSON instead of a table." };

    private static Command SyncCommand()
    {
        var wait = new Option<TimeSpan?>("--wait")
        {
            Description = "How long to wait for the queue to drain before reporting `draining` (e.g. 30m, 90s, 01:00:00). Default: Sync__Wait (30m).",
            CustomParser = ParseDuration,
        };
        var plan = new Option<bool>("--plan") { Description = "Dry run: show what would change in Moodle per employee; writes nothing anywhere." };
        var json = JsonOption();
        var command = new Command("sync", "Publish every employee changed in BambooHR since the watermark, wait for the consumers, then move the watermark. " +
            "Prints the run summary as one JSON line last on stdout. Exit 0: completed, draining or nothing_to_do; 1: failed; 4: another producer holds the run.")
        {
            wait, plan, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(plan))
            {
                return await CommandRunner.RunAsync(Needs.State | Needs.BambooHr | Needs.Moodle, async (sp, c) =>
                {
                    var report = await sp.Get<PlanRunner>().PlanAsync(c).ConfigureAwait(false);
                    if (parse.GetValue(json))
                    {
                        Console.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.PlanReport));
                    }
                    else
                    {
                        Render.Plan(report);
                    }

                    return ExitCodes.Ok;
                }, ct).ConfigureAwait(false);
            }

            return await CommandRunner.RunAsync(Needs.State | Needs.Queue | Needs.BambooHr, async (sp, c) =>
            {
                var runner = sp.Get<SyncRunner>();
                var options = sp.Get<Microsoft.Extensions.Options.IOptions<SyncOptions>>().Value;
                var result = await runner.RunAsync(parse.GetValue(wait) ?? options.Wait, c).ConfigureAwait(false);
                if (result.Summary.Reason is { } reason && result.ExitCode != ExitCodes.Ok)
                {
                    Console.Error.WriteLine($"error: {reason}");
                }

                Console.Out.WriteLine(JsonSerializer.Serialize(result.Summary, ContractsJsonContext.Default.RunSummary));
                return result.ExitCode;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command StatusCommand()
    {
        var json = JsonOption();
        var watch = new Option<bool>("--watch")
        {
            Description = "Follow the pending run with a live progress bar (interactive terminals) until it is finalized; then print the status.",
        };
        var command = new Command("status", "Where are we: the watermark and its lag, the pending run and its progress, queue and DLQ depth, the last run's summary.") { json, watch };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(Needs.State | Needs.Queue, async (sp, c) =>
        {
            var reader = sp.Get<StatusReader>();
            if (parse.GetValue(watch))
            {
                await Render.WatchAsync(reader, TimeSpan.FromSeconds(2), c).ConfigureAwait(false);
            }

            var report = await reader.ReadAsync(c).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.StatusReport));
            }
            else
            {
                Render.Status(report);
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command DlqCommand()
    {
        var dlq = new Command("dlq", "Inspect and replay the dead-letter queue.");

        var max = new Option<int>("--max") { Description = "At most this many messages.", DefaultValueFactory = _ => 100 };
        var json = JsonOption();
        var peek = new Command("peek", "List what is in the DLQ: employee id, run id, reason code and message, attempts, when it failed. Deletes nothing; shows no personal data.") { max, json };
        max.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                r.AddError("--max must be between 1 and 10000.");
            }
        });
        peek.SetAction((parse, ct) => CommandRunner.RunAsync(Needs.Queue, async (sp, c) =>
        {
            var items = await sp.Get<IDeadLetterQueue>().PeekAsync(parse.GetValue(max), c).ConfigureAwait(false);
            var report = new DlqPeekReport(items.Count, items.Select(ToItem).ToList());
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.DlqPeekReport));
            }
            else
            {
                Render.Peek(report);
            }

            return ExitCodes.Ok;
        }, ct));

        var employee = new Option<string[]>("--employee") { Description = "Replay only this employee id (repeatable).", AllowMultipleArgumentsPerToken = false };
        var reason = new Option<string?>("--reason") { Description = "Replay only messages parked with this reason code (see `dlq peek`)." };
        var replayMax = new Option<int?>("--max") { Description = "Replay at most this many messages." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be replayed; change nothing." };
        var noRefresh = new Option<bool>("--no-refresh") { Description = "Send the parked message back as it is, instead of re-reading the employee from BambooHR." };
        var replayJson = JsonOption();
        var replay = new Command("replay", "Move chosen DLQ messages back to the main queue (send, then delete: a crash in between gives a harmless duplicate). " +
            "By default each employee is re-read from BambooHR, so data fixed there is what Moodle gets.")
        {
            employee, reason, replayMax, dryRun, noRefresh, replayJson,
        };
        replay.SetAction((parse, ct) =>
        {
            var refresh = !parse.GetValue(noRefresh);
            var needs = Needs.Queue | (refresh ? Needs.BambooHr : 0);
            return CommandRunner.RunAsync(needs, async (sp, c) =>
            {
                var filter = new ReplayFilter(parse.GetValue(employee) ?? [], parse.GetValue(reason), parse.GetValue(replayMax));
                var report = await sp.Get<DlqReplayer>().ReplayAsync(filter, parse.GetValue(dryRun), refresh, c).ConfigureAwait(false);
                if (parse.GetValue(replayJson))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.DlqReplayReport));
                }
                else
                {
                    Render.Replay(report);
                }

                return ExitCodes.Ok;
            }, ct);
        });

        dlq.Subcommands.Add(peek);
        dlq.Subcommands.Add(replay);
        return dlq;
    }

    private static Command RewindCommand()
    {
        var since = new Option<DateTimeOffset?>("--since") { Description = "Move the watermark to this ISO-8601 time (e.g. 2026-11-20T00:00:00Z)." };
        var days = new Option<int?>("--days") { Description = "Move the watermark back this many days from now." };
        var force = new Option<bool>("--force") { Description = "Rewind even while a run is pending (that run will then finalize to its own window's end)." };
        var json = JsonOption();
        var command = new Command("rewind", "Move the watermark back so the next sync re-reads older changes. Refused while a run is pending unless --force.")
        {
            since, days, force, json,
        };
        command.Validators.Add(r =>
        {
            // Read tokens, not values: GetValue throws on a value that does not convert (e.g. --since yesterday),
            // which System.CommandLine reports as its own parse error.
            var sinceResult = r.GetResult(since);
            var daysResult = r.GetResult(days);
            if ((sinceResult is null) == (daysResult is null))
            {
                r.AddError("Give exactly one of --since <ISO-8601> or --days <N>.");
            }

            if (daysResult is { Tokens.Count: > 0 } && int.TryParse(daysResult.Tokens[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                && n is < 0 or > 3650)
            {
                r.AddError("--days must be between 0 and 3650.");
            }
        });
        command.SetAction((parse, ct) => CommandRunner.RunAsync(Needs.State, async (sp, c) =>
        {
            var to = parse.GetValue(since) ?? DateTimeOffset.UtcNow.AddDays(-parse.GetValue(days)!.Value);
            var result = await sp.Get<IRunStateStore>().RewindAsync(to, parse.GetValue(force), c).ConfigureAwait(false);
            var report = new RewindReport(result.Applied, result.Before, result.After, result.PendingRunId, result.RefusedReason);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.RewindReport));
            }
            else
            {
                Render.Rewind(report);
            }

            return result.Applied ? ExitCodes.Ok : ExitCodes.Refused;
        }, ct));
        return command;
    }

    private static Command LocalSetupCommand()
    {
        var prefix = new Option<string>("--prefix") { Description = "Name prefix for the queue, DLQ and table.", DefaultValueFactory = _ => "bamboohr-moodle-sync" };
        var maxReceive = new Option<int>("--max-receive-count") { Description = "Redrive to the DLQ after this many receives.", DefaultValueFactory = _ => 5 };
        var reset = new Option<bool>("--reset") { Description = "Delete them first: an empty queue and DLQ, no watermark, no outcomes (a fresh local world)." };
        var command = new Command("local-setup", "Create the queue, its DLQ (redrive policy) and the state table on the local emulators (AWS_ENDPOINT_URL_SQS / _DYNAMODB). Prints them as JSON. Idempotent.")
        {
            prefix, maxReceive, reset,
        };
        command.SetAction((parse, ct) => LocalSetup.RunAsync(parse.GetValue(prefix)!, parse.GetValue(maxReceive), parse.GetValue(reset), ct));
        return command;
    }

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (DurationParser.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"'{text}' is not a duration: use e.g. 90s, 30m, 2h or 00:30:00.");
        return null;
    }

    internal static DlqPeekItem ToItem(DeadLetter d) =>
        new(d.MessageId, d.EmployeeId, d.RunId, d.Code, d.Message, d.Attempts, d.FailedAt, d.ReceiveCount);

    internal static string Iso(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
