using System.Globalization;
using Pipeline.Producer.Operate;
using Pipeline.Producer.Sync;
using Pipeline.State;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Producer.Cli;

/// <summary>Human-readable output. Tables go to stdout; nothing here is personal data except what `sync --plan` must show.</summary>
internal static class Render
{
    /// <summary>Wide enough that no table cell wraps; nothing pads up to it (see <see cref="Write(Action{IAnsiConsole})"/>).</summary>
    private const int UnboundedWidth = 10_000;

    /// <summary>`status` lists this many of the last run's warnings; `status --json` lists them all.</summary>
    private const int WarningsShown = 20;

    private static string Iso(DateTimeOffset? t) => PipelineCli.Iso(t);

    /// <summary>
    /// In a terminal, Spectre's own detection: the terminal's real width, colours if it has them. Piped or redirected
    /// output is read by people and grep alike: no escape codes, no wrapping (COLUMNS, if set, still bounds the width)
    /// and no spaces after the text, which Spectre pads every grid and table row with up to its widest row.
    /// </summary>
    private static void Write(Action<IAnsiConsole> render)
    {
        if (!Console.IsOutputRedirected)
        {
            render(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }));
            return;
        }

        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(buffer),
        });
        console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? columns
            : UnboundedWidth;
        render(console);
        foreach (var line in buffer.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            Console.Out.WriteLine(line.TrimEnd());
        }
    }

    private static void Write(IRenderable renderable) => Write(console => console.Write(renderable));

    private static void Line(string markup) => Write(console => console.MarkupLine(markup));

    public static void Status(StatusReport s)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Watermark[/]", Markup.Escape(Iso(s.Watermark)) + (s.WatermarkLagSeconds is { } lag ? $" (lag {Lag(lag)})" : " (no run has completed yet)"));
        grid.AddRow("[bold]Main queue[/]", $"visible {s.MainQueue.Visible}, in flight {s.MainQueue.InFlight}, delayed {s.MainQueue.Delayed}");
        grid.AddRow("[bold]Dead-letter queue[/]", s.DeadLetterQueue.Visible + s.DeadLetterQueue.InFlight > 0
            ? $"[red]about {s.DeadLetterQueue.Visible + s.DeadLetterQueue.InFlight} message(s)[/] (SQS's approximate count) — `pipeline dlq peek` lists and counts them"
            : "empty");
        if (s.PendingRun is { } p)
        {
            grid.AddRow("[bold]Pending run[/]", Markup.Escape($"{p.RunId} ({p.Status}) {(p.Full ? "full run" : $"since {Iso(p.Since)}")}, started {Iso(p.StartedAt)}"));
            if (p.Status == RunStatus.Held)
            {
                grid.AddRow("[bold]Held[/]", Markup.Escape($"by the mass-suspension safeguard: nothing published. Check BambooHR (`pipeline sync --plan`); if the suspensions are right, `pipeline approve {p.RunId}`."));
            }

            grid.AddRow("[bold]Progress[/]", Markup.Escape($"{Bar(p.Settled, p.TotalChanged)} {p.Settled}/{p.TotalChanged} settled, {p.Published} published; " +
                string.Join(", ", p.Outcomes.Select(kv => $"{kv.Key} {kv.Value}")) + $"; warnings {p.Warnings}"));
        }
        else
        {
            grid.AddRow("[bold]Pending run[/]", "none");
        }

        if (s.StoppedConsumers.Count > 0)
        {
            grid.AddRow("[bold]Consumers[/]", "[red]" + Markup.Escape(string.Join("\n", s.StoppedConsumers)) + "[/]");
        }

        if (s.LastSummary is { } last)
        {
            // A full run counts every employee, not changes; drift is only news when a full run looked for it or found some.
            grid.AddRow("[bold]Last run[/]", Markup.Escape($"{last.RunId}: {last.Status}{(last.Full ? " (full)" : "")}, {last.TotalChanged} {(last.Full ? "employees" : "changed")} — created {last.Created}, updated {last.Updated}, " +
                $"suspended {last.Suspended}, reactivated {last.Reactivated}, unchanged {last.Unchanged}, stale {last.Stale}, dead-lettered {last.DeadLettered}" +
                $"{(last.Full || last.DriftCorrected > 0 ? $", drift corrected {last.DriftCorrected}" : "")}; {last.Warnings} with warnings; {last.DurationMs} ms"));
            if (last.Reason is { } reason)
            {
                // After a failure e-mail this is the line the operator came for: why, in the run's own words.
                grid.AddRow("[bold]Reason[/]", LastRunWentWell(last.Status) ? Markup.Escape(reason) : $"[red]{Markup.Escape(reason)}[/]");
            }
        }

        var messages = s.LastRunWarnings.SelectMany(e => e.Messages).ToList();
        if (messages.Count > 0)
        {
            var shown = messages.Take(WarningsShown).ToList();
            if (messages.Count > WarningsShown)
            {
                shown.Add($"… and {messages.Count - WarningsShown} more (`pipeline status --json` lists them all)");
            }

            grid.AddRow("[bold]Warnings[/]", Markup.Escape(string.Join("\n", shown)));
        }

        Write(grid);
    }

    private static bool LastRunWentWell(string status) =>
        status is SyncStatus.Completed or SyncStatus.NothingToDo or SyncStatus.Draining;

    /// <summary>
    /// `status --watch`: a live bar of the pending run's settled outcomes against its published messages, refreshed until
    /// no run is pending. Without an interactive terminal it prints one progress line per change instead.
    /// </summary>
    public static async Task WatchAsync(StatusReader reader, TimeSpan every, CancellationToken ct)
    {
        var first = await reader.ReadAsync(ct).ConfigureAwait(false);
        // A held run waits for a person (`pipeline approve`), not for consumers: nothing to watch.
        if (first.PendingRun is null or { Status: RunStatus.Held })
        {
            return;
        }

        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            var last = -1;
            for (var s = first; s.PendingRun is { Status: not RunStatus.Held } p; s = await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (p.Settled != last)
                {
                    Console.Out.WriteLine($"{p.RunId} ({p.Status}): {p.Settled}/{p.TotalChanged} settled; queue visible {s.MainQueue.Visible}, in flight {s.MainQueue.InFlight}");
                    last = p.Settled;
                }

                await Task.Delay(every, ct).ConfigureAwait(false);
            }

            return;
        }

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var run = first.PendingRun;
                var task = progress.AddTask(Markup.Escape($"{run.RunId} ({run.Status})"), maxValue: Math.Max(1, run.TotalChanged));
                for (var s = first; s.PendingRun is { Status: not RunStatus.Held } p; s = await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    task.MaxValue = Math.Max(1, p.TotalChanged);
                    task.Value = p.Settled;
                    task.Description = Markup.Escape($"{p.RunId} ({p.Status}) {p.Settled}/{p.TotalChanged}, queue {s.MainQueue.Visible + s.MainQueue.InFlight}");
                    await Task.Delay(every, ct).ConfigureAwait(false);
                }

                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
    }

    public static void Plan(PlanReport r)
    {
        Line(Markup.Escape($"Plan for {(r.Full ? "every employee BambooHR has (a full run)" : $"changes since {Iso(r.Since)}")}: {r.TotalChanged} employee(s) — " +
            string.Join(", ", r.Totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}")) + ". Nothing was written."));
        var table = new Table().AddColumn(new TableColumn("Employee").NoWrap()).AddColumn(new TableColumn("BambooHR").NoWrap())
            .AddColumn(new TableColumn("Moodle would").NoWrap()).AddColumn("Details");
        foreach (var line in r.Employees)
        {
            var details = line.Changes.Count > 0
                ? string.Join("; ", line.Changes.Select(c => $"{c.Field}: {c.Old ?? "∅"} → {c.New ?? "∅"}"))
                : line.Reason ?? string.Empty;
            table.AddRow(Markup.Escape(line.EmployeeId), line.Action, line.Drift ? line.Decision + " (drift)" : line.Decision, Markup.Escape(details));
        }

        Write(table);
        if (r.Safeguard is { } g)
        {
            Line(Markup.Escape(g.Held
                ? $"Safeguard: `pipeline sync` would HOLD this run (exit 5): {g.Reason}. Nothing would be published until `pipeline approve <run-id>`."
                : $"Safeguard: would suspend {g.WouldSuspend} of {g.ActiveLinked} active linked account(s); within the limits ({g.LimitPercent} %, {g.LimitCount}), so the run would go ahead."));
        }
        else
        {
            Line(Markup.Escape("Safeguard: not counted; a run this small cannot pass Sync__SuspendLimitCount."));
        }
    }

    public static void Audit(OrphanReport r)
    {
        var employees = r.Employees is { } n ? $"the {n} BambooHR employee(s) (all statuses)" : "the BambooHR employees given";
        if (r.Count == 0)
        {
            Line(Markup.Escape($"No orphans: each of the {r.Accounts} Moodle account(s) with an idnumber belongs to one of {employees}. Nothing was changed."));
            return;
        }

        var table = new Table().AddColumn(new TableColumn("Moodle id").NoWrap()).AddColumn(new TableColumn("Username").NoWrap())
            .AddColumn(new TableColumn("idnumber").NoWrap()).AddColumn(new TableColumn("Suspended").NoWrap());
        foreach (var o in r.Orphans)
        {
            table.AddRow(o.MoodleUserId.ToString(CultureInfo.InvariantCulture), Markup.Escape(o.Username), Markup.Escape(o.IdNumber), o.Suspended ? "yes" : "no");
        }

        Write(table);
        Line(Markup.Escape($"{r.Count} orphan(s) of {r.Accounts} Moodle account(s) with an idnumber, {r.Orphans.Count(o => !o.Suspended)} not suspended: " +
            $"none of {employees} has their idnumber. Nothing was changed."));
        Line(Markup.Escape("Look each idnumber up in BambooHR: if the person has gone, suspend the account in Moodle by hand; " +
            "if they are there under another id, correct the account's idnumber in Moodle (Mapping:IdNumberSource decides which BambooHR field it is)."));
    }

    public static void Peek(DlqPeekReport r)
    {
        if (r.Count == 0)
        {
            Line("The dead-letter queue is empty.");
            return;
        }

        var table = new Table().AddColumn(new TableColumn("Employee").NoWrap()).AddColumn(new TableColumn("Run").NoWrap()).AddColumn(new TableColumn("Reason").NoWrap())
            .AddColumn("Message").AddColumn(new TableColumn("Attempts").NoWrap()).AddColumn(new TableColumn("Failed at").NoWrap());
        foreach (var m in r.Messages)
        {
            table.AddRow(Markup.Escape(m.EmployeeId ?? "?"), Markup.Escape(m.RunId ?? "?"), Markup.Escape(m.Code), Markup.Escape(m.Message ?? string.Empty),
                (m.Attempts ?? m.ReceiveCount).ToString(CultureInfo.InvariantCulture), Iso(m.FailedAt));
        }

        Write(table);
        // Counted by receiving them, not from the queue's approximate attributes.
        Line(Markup.Escape($"{r.Count} message(s){(r.More ? " shown; the DLQ holds more (raise --max)" : " in the DLQ")}."));
        var data = r.Count - r.Outages;
        if (data > 0)
        {
            Line(Markup.Escape($"{data} data problem(s): fix the data in BambooHR (the message says what), then `pipeline dlq replay --employee <id>` or `--reason <code>`."));
        }

        if (r.Outages > 0)
        {
            Line(Markup.Escape($"{r.Outages} parked because Moodle was failing (transient_exhausted, redrive_max_receives): nothing to fix in BambooHR. " +
                "Check Moodle (`pipeline status` shows paused consumers), then replay once it is healthy: `pipeline dlq replay --reason transient_exhausted`."));
        }
    }

    public static void Replay(DlqReplayReport r)
    {
        var verb = r.DryRun ? "Would replay" : "Replayed";
        Line(Markup.Escape($"{verb} {(r.DryRun ? r.Selected : r.Replayed)} of {r.Examined} DLQ message(s)" +
            (r.Refreshed > 0 ? $" ({r.Refreshed} re-read from BambooHR)" : string.Empty) + "."));
        foreach (var m in r.Messages)
        {
            Line(Markup.Escape($"  employee {m.EmployeeId ?? "?"} (run {m.RunId ?? "?"}): {m.Code}"));
        }
    }

    public static void Rewind(RewindReport r)
    {
        if (r.Applied)
        {
            Line(Markup.Escape($"Watermark moved: {Iso(r.Before)} → {Iso(r.After)}. The next sync reads changes from there." +
                (r.PendingRunId is { } released ? $" Run {released}, which was pending, is marked failed." : string.Empty)));
        }
        else
        {
            Line(Markup.Escape($"Refused: {(r.RefusedReason ?? $"run {r.PendingRunId} is pending").TrimEnd('.')}. Watermark stays {Iso(r.Before)}."));
        }
    }

    private static string Lag(double seconds) => TimeSpan.FromSeconds(seconds) switch
    {
        var t when t.TotalDays >= 1 => $"{t.TotalDays:0.#} d",
        var t when t.TotalHours >= 1 => $"{t.TotalHours:0.#} h",
        var t => $"{t.TotalMinutes:0} min",
    };

    private static string Bar(int done, int total)
    {
        const int width = 20;
        var filled = total <= 0 ? width : (int)Math.Round(width * Math.Min(1.0, done / (double)total));
        return "[" + new string('#', filled) + new string('.', width - filled) + "]";
    }
}
