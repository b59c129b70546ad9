using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Chaos.Report;

public sealed record InvariantResult(string Name, bool Holds, string Detail);

/// <summary>artifacts/chaos/results.json and the table printed at the end.</summary>
public sealed class ChaosResults
{
    public List<InvariantResult> Invariants { get; } = [];

    public JsonObject FaultsInjected { get; } = [];

    public JsonObject Extra { get; } = [];

    public required string Mode { get; init; }

    public int Employees { get; set; }

    public int Kills { get; set; }

    public int Lost { get; set; }

    public int DuplicatesInMoodle { get; set; }

    public int WatermarkViolations { get; set; }

    public double DurationSeconds { get; set; }

    public bool AllHold => Invariants.Count > 0 && Invariants.All(i => i.Holds);

    public void Add(string name, bool holds, string detail) => Invariants.Add(new InvariantResult(name, holds, detail));

    public void Write(string path)
    {
        var invariants = new JsonObject();
        foreach (var i in Invariants)
        {
            invariants[i.Name] = i.Holds;
        }

        var details = new JsonObject();
        foreach (var i in Invariants)
        {
            details[i.Name] = i.Detail;
        }

        var doc = new JsonObject
        {
            ["invariants"] = invariants,
            ["employees"] = Employees,
            ["faults_injected"] = FaultsInjected.DeepClone(),
            ["kills"] = Kills,
            ["lost"] = Lost,
            ["duplicates_in_moodle"] = DuplicatesInMoodle,
            ["watermark_violations"] = WatermarkViolations,
            ["duration_s"] = Math.Round(DurationSeconds, 1),
            ["mode"] = Mode,
            ["passed"] = AllHold,
            ["invariant_details"] = details,
            ["run"] = Extra.DeepClone(),
        };
        File.WriteAllText(path, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public string Table()
    {
        var sb = new StringBuilder();
        var width = Math.Max(30, Invariants.Max(i => i.Name.Length) + 2);
        sb.AppendLine(CultureInfo.InvariantCulture, $"Chaos run ({Mode}): {Employees} employees, {DurationSeconds:F0} s, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Faults injected: {FaultsInjected.ToJsonString()}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Kills: {Kills}   lost: {Lost}   duplicates in Moodle: {DuplicatesInMoodle}   watermark violations: {WatermarkViolations}");
        sb.AppendLine(new string('-', width + 60));
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"Invariant".PadRight(width)}{"Result",-7} Detail");
        sb.AppendLine(new string('-', width + 60));
        foreach (var i in Invariants)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{i.Name.PadRight(width)}{(i.Holds ? "PASS" : "FAIL"),-7} {i.Detail}");
        }

        sb.AppendLine(new string('-', width + 60));
        sb.Append(AllHold ? "ALL INVARIANTS HOLD" : "INVARIANT VIOLATED");
        return sb.ToString();
    }
}
