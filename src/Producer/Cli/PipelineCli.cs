using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Contracts;
using Pipeline.Producer.Operate;
using Pipeline.Producer.Sync;
using Pipeline.Queue;
using Pipeline.State;

namespace Pipeline.Producer.Cli;

/// <summary>The `pipeline` command line: sync, status, audit, dlq peek|replay, rewind, local-setup.</summary>
public static class PipelineCli
{
    /// <summary>After Ctrl-C or SIGTERM a command has this long to stop and say what it leaves; then the CLI exits anyway.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1.5);

    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line and the documented exit code for bad arguments, rather than the whole help text.
            return CommandRunner.Fail(ExitCodes.BadArguments, ParseErrors.Describe(parse));
        }

        using var interruption = new Interruption();
        // Our own signal handling (Interruption), not System.CommandLine's: it knows which signal came, and the
        // commands report what they leave behind instead of being cut off.
        var invocation = parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, interruption.Token);
        if (await Task.WhenAny(invocation, interruption.GraceElapsedAsync(StopGrace)).ConfigureAwait(false) != invocation)
        {
            return CommandRunner.Fail(interruption.ExitCode, $"interrupted; the command did not stop within {StopGrace.TotalSeconds} s and was cut off.");
        }

        var code = await invocation.ConfigureAwait(false);
        return code == ExitCodes.Interrupted ? interruption.ExitCode : code;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "BambooHR → Moodle sync. Configuration comes from environment variables (BambooHr__BaseUrl, Moodle__BaseUrl, " +
            "Queue__QueueUrl, Queue__DeadLetterQueueUrl, State__TableName, AWS_REGION, ...); see README \"Configuration\".");
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Log progress to stderr as JSON lines. Without it, commands other than sync log only warnings and errors " +
                "(Logging__LogLevel__Default overrides both).",
            Recursive = true,
        };
        var stack = new Option<string?>("--stack")
        {
            Description = "Operate a deployed stack from a laptop: read its queue, DLQ, table, region and base URLs from the SSM parameter " +
                "/<name>/pipeline/settings (written by Terraform) with your own AWS credentials. For status, dlq, rewind, audit and sync --plan; " +
                "commands that read BambooHR or Moodle still need BambooHr__ApiKey / Moodle__Token (docs/runbook.md).",
            Recursive = true,
            CustomParser = ArgumentParsers.NonBlank,
        };
        root.Options.Add(verbose);
        root.Options.Add(stack);
        root.Subcommands.Add(SyncCommand(verbose, stack));
        root.Subcommands.Add(StatusCommand(verbose, stack));
        root.Subcommands.Add(AuditCommand(verbose, stack));
        root.Subcommands.Add(DlqCommand(verbose, stack));
        root.Subcommands.Add(RewindCommand(verbose, stack));
        root.Subcommands.Add(ApproveCommand(verbose, stack));
        root.Subcommands.Add(LocalSetupCommand(stack));
        return root;
    }

    /// <summary>Operator commands print for people: their logs stay quiet unless asked for.</summary>
    private static LogLevel LogLevelFor(ParseResult parse, Option<bool> verbose) =>
        parse.GetValue(verbose) ? LogLevel.Information : CommandRunner.Quiet;

    private static Option<bool> JsonOption() => new("--json") { Description = "Print machine-readable JSON instead of a table." };

    private static Command SyncCommand(Option<bool> verbose, Option<string?> stack)
    {
        var wait = new Option<TimeSpan?>("--wait")
        {
            Description = "How long to wait for the queue to drain before reporting `draining` (e.g. 30m, 90s, 01:00:00). Default: Sync__Wait (30m).",
            CustomParser = ArgumentParsers.Duration,
        };
        var plan = new Option<bool>("--plan") { Description = "Dry run: show what would change in Moodle per employee; writes nothing anywhere." };
        var full = new Option<bool>("--full")
        {
            Description = "A full run: every employee BambooHR has (every status), each compared with Moodle itself, so edits made in Moodle are put right " +
                "(counted as drift_corrected). The first run ever is full anyway.",
        };
        var changesOnly = new Option<bool>("--changes-only")
        {
            Description = "Only employees changed since the watermark, even on the first run ever, which then looks back Sync__InitialLookbackDays (14) days " +
                "(`pipeline rewind --since` first to start from another date).",
        };
        var json = JsonOption();
        var command = new Command("sync", "Publish every employee changed in BambooHR since the watermark (with --full, and on the first run ever: every employee), " +
            "wait for the consumers, then move the watermark. " +
            "Prints the run summary as one JSON line last on stdout. Exit 0: completed, draining or nothing_to_do; 1: failed; 4: another producer holds the run; " +
            "5: held by the mass-suspension safeguard (`pipeline approve <run-id>`); 130 / 143: stopped by Ctrl-C / SIGTERM (a draining run stays draining).")
        {
            wait, plan, full, changesOnly, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(full) && r.GetValue(changesOnly))
            {
                r.AddError("Give at most one of --full or --changes-only.");
            }

            if (r.GetValue(stack) is not null && !r.GetValue(plan))
            {
                r.AddError("--stack runs only `sync --plan` from a laptop: a sync that publishes runs in the stack (its schedule, or an ECS run-task; docs/runbook.md).");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var scope = parse.GetValue(full) ? SyncScope.Full : parse.GetValue(changesOnly) ? SyncScope.ChangesOnly : SyncScope.Auto;
            if (parse.GetValue(plan))
            {
                return await CommandRunner.RunAsync(parse.GetValue(stack), Needs.State | Needs.BambooHr | Needs.Moodle, LogLevelFor(parse, verbose), async (sp, c) =>
                {
                    var report = await sp.Get<PlanRunner>().PlanAsync(scope, c).ConfigureAwait(false);
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

            // A sync is a job: its logs (JSON on stderr) are its record, as they are in the scheduled task.
            return await CommandRunner.RunAsync(parse.GetValue(stack), Needs.State | Needs.Queue | Needs.BambooHr | Needs.MoodleIfConfigured, LogLevel.Information, async (sp, c) =>
            {
                var runner = sp.Get<SyncRunner>();
                var options = sp.Get<Microsoft.Extensions.Options.IOptions<SyncOptions>>().Value;
                var result = await runner.RunAsync(parse.GetValue(wait) ?? options.Wait, scope, c).ConfigureAwait(false);
                if (result.ExitCode == ExitCodes.Interrupted && result.Summary.Status == SyncStatus.Draining)
                {
                    Console.Error.WriteLine($"interrupted: stopped waiting; run {result.Summary.RunId} stays draining and the next `pipeline sync` finalizes it.");
                }
                else if (result.Summary.Reason is { } reason && result.ExitCode != ExitCodes.Ok)
                {
                    Console.Error.WriteLine($"{(result.ExitCode == ExitCodes.Interrupted ? "interrupted" : "error")}: {reason}");
                }

                Console.Out.WriteLine(JsonSerializer.Serialize(result.Summary, ContractsJsonContext.Default.RunSummary));
                return result.ExitCode;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command StatusCommand(Option<bool> verbose, Option<string?> stack)
    {
        var json = JsonOption();
        var watch = new Option<bool>("--watch")
        {
            Description = "Follow the pending run with a live progress bar (interactive terminals) until it is finalized; then print the status.",
        };
        var command = new Command("status", "Where are we: the watermark and its lag, the pending run and its progress, queue and DLQ depth, the last run's summary.") { json, watch };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(stack), Needs.State | Needs.Queue, LogLevelFor(parse, verbose), async (sp, c) =>
        {
            var reader = sp.Get<StatusReader>();
            if (parse.GetValue(watch))
            {
                try
                {
                    await Render.WatchAsync(reader, TimeSpan.FromSeconds(2), c).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (c.IsCancellationRequested)
                {
                    Console.Error.WriteLine("interrupted: stopped watching; the run is not affected (`pipeline status` shows it).");
                    return ExitCodes.Interrupted;
                }
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

    private static Command AuditCommand(Option<bool> verbose, Option<string?> stack)
    {
        var json = JsonOption();
        var failOnOrphans = new Option<bool>("--fail-on-orphans")
        {
            Description = $"Exit {ExitCodes.OrphansFound} when orphans are found (for a scheduled check); without it the audit exits 0 whatever it finds.",
        };
        var command = new Command("audit", "List Moodle accounts with an idnumber that no BambooHR employee has (all statuses): orphans. " +
            "Reads BambooHR and Moodle only; it never suspends or changes an account. " +
            $"Exit 0: done; {ExitCodes.OrphansFound}: orphans found with --fail-on-orphans; 1: a service failed; 2: bad arguments or configuration.")
        {
            json, failOnOrphans,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(stack), Needs.BambooHr | Needs.Moodle, LogLevelFor(parse, verbose), async (sp, c) =>
        {
            var report = await sp.Get<OrphanAudit>().AuditAsync(c).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.OrphanReport));
            }
            else
            {
                Render.Audit(report);
            }

            return report.Count > 0 && parse.GetValue(failOnOrphans) ? ExitCodes.OrphansFound : ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command DlqCommand(Option<bool> verbose, Option<string?> stack)
    {
        var dlq = new Command("dlq", "Inspect and replay the dead-letter queue.");

        var max = new Option<int>("--max")
        {
            Description = "At most this many messages (1-10000).",
            DefaultValueFactory = _ => 100,
            CustomParser = ArgumentParsers.WholeNumber(1, 10_000),
        };
        var json = JsonOption();
        var peek = new Command("peek", "List what is in the DLQ: employee id, run id, reason code and message, attempts, when it failed. Deletes nothing; shows no personal data.") { max, json };
        peek.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(stack), Needs.Queue, LogLevelFor(parse, verbose), async (sp, c) =>
        {
            var items = await sp.Get<IDeadLetterQueue>().PeekAsync(parse.GetValue(max), c).ConfigureAwait(false);
            var report = new DlqPeekReport(items.Count, items.Select(ToItem).ToList(), items.Count >= parse.GetValue(max),
                items.Count(i => DeadLetterCodes.IsOutage(i.Code)));
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

        var employee = new Option<string[]>("--employee")
        {
            Description = "Replay only this employee id (repeatable).",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = ArgumentParsers.NonBlankValues,
        };
        var reason = new Option<string?>("--reason") { Description = "Replay only messages parked with this reason code (see `dlq peek`).", CustomParser = ArgumentParsers.NonBlank };
        var replayMax = new Option<int?>("--max") { Description = "Replay at most this many messages (1-10000).", CustomParser = ArgumentParsers.OptionalWholeNumber(1, 10_000) };
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
            return CommandRunner.RunAsync(parse.GetValue(stack), needs, LogLevelFor(parse, verbose), async (sp, c) =>
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

    private static Command RewindCommand(Option<bool> verbose, Option<string?> stack)
    {
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Move the watermark back to this ISO-8601 time with its offset (e.g. 2026-11-20T00:00:00Z or 2026-11-20T00:00:00+01:00).",
            CustomParser = ArgumentParsers.InstantWithOffset,
        };
        var days = new Option<int?>("--days") { Description = "Move the watermark back this many days from now (0-3650).", CustomParser = ArgumentParsers.OptionalWholeNumber(0, 3650) };
        var force = new Option<bool>("--force")
        {
            Description = "Rewind even while a run is pending (that run is marked failed), and allow moving the watermark forward or into the future " +
                "(every change until then is skipped).",
        };
        var json = JsonOption();
        var command = new Command("rewind", "Move the watermark back so the next sync re-reads older changes. Refused (exit 4) while a run is pending or when it would move " +
            "the watermark forward, and a time in the future is a bad argument (exit 2), unless --force.")
        {
            since, days, force, json,
        };
        command.Validators.Add(r =>
        {
            // Whether each was given, not its value: the value's own parser reports a bad one.
            if ((r.GetResult(since) is null) == (r.GetResult(days) is null))
            {
                r.AddError("Give exactly one of --since <ISO-8601> or --days <N>.");
            }
        });
        command.SetAction((parse, ct) => parse.GetValue(since) is { } future && future > DateTimeOffset.UtcNow && !parse.GetValue(force)
            // A watermark in the future would make the next syncs skip every change made until then. Checked here, not
            // in a validator: a validator reading a value its parser refused throws.
            ? Task.FromResult(CommandRunner.Fail(ExitCodes.BadArguments, $"--since must not be in the future ({Iso(future)}) unless --force. See `pipeline rewind --help`."))
            : CommandRunner.RunAsync(parse.GetValue(stack), Needs.State, LogLevelFor(parse, verbose), async (sp, c) =>
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

    private static Command ApproveCommand(Option<bool> verbose, Option<string?> stack)
    {
        var runId = new Argument<string>("run-id") { Description = "The held run (its summary's run_id; `pipeline status` shows it).", CustomParser = r => ArgumentParsers.NonBlank(r) ?? string.Empty };
        var command = new Command("approve", "Let a run held by the mass-suspension safeguard go on: the next `pipeline sync` publishes it, suspensions included. " +
            "Changes nothing else. Exit 0: approved; 4: that run is not the held pending run.")
        {
            runId,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(stack), Needs.State, LogLevelFor(parse, verbose), async (sp, c) =>
        {
            var id = parse.GetValue(runId)!;
            var refused = await sp.Get<IRunStateStore>().ApproveRunAsync(id, c).ConfigureAwait(false);
            if (refused is not null)
            {
                Console.Out.WriteLine($"Refused: {refused}. Nothing changed.");
                return ExitCodes.Refused;
            }

            Console.Out.WriteLine($"Run {id} approved: the next `pipeline sync` (or the schedule's) publishes it, suspensions included.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command LocalSetupCommand(Option<string?> stack)
    {
        var prefix = new Option<string>("--prefix")
        {
            Description = "Name prefix for the queue, DLQ and table (letters, digits, - and _).",
            DefaultValueFactory = _ => "bamboohr-moodle-sync",
            CustomParser = ArgumentParsers.QueuePrefix,
        };
        var maxReceive = new Option<int>("--max-receive-count")
        {
            Description = "Redrive to the DLQ after this many receives (1-1000).",
            DefaultValueFactory = _ => 5,
            CustomParser = ArgumentParsers.WholeNumber(1, 1000),
        };
        var reset = new Option<bool>("--reset") { Description = "Delete them first: an empty queue and DLQ, no watermark, no outcomes (a fresh local world)." };
        var command = new Command("local-setup", "Create the queue, its DLQ (redrive policy) and the state table on the local emulators (AWS_ENDPOINT_URL_SQS / _DYNAMODB). Prints them as JSON. Idempotent.")
        {
            prefix, maxReceive, reset,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(stack) is not null)
            {
                r.AddError("local-setup creates the local emulators' queue and table; it takes no --stack.");
            }
        });
        command.SetAction((parse, ct) => CommandRunner.GuardAsync(() => LocalSetup.RunAsync(parse.GetValue(prefix)!, parse.GetValue(maxReceive), parse.GetValue(reset), ct), ct));
        return command;
    }

    internal static DlqPeekItem ToItem(DeadLetter d) =>
        new(d.MessageId, d.EmployeeId, d.RunId, d.Code, d.Message, d.Attempts, d.FailedAt, d.ReceiveCount);

    internal static string Iso(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
