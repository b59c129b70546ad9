using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Domain;

namespace Pipeline.Chaos.Scenario;

/// <summary>A change the chaos run makes in BambooHR, and what it expects of it.</summary>
public sealed record PlannedEdit(string Id, string Kind, Dictionary<string, string?> Fields);

/// <summary>
/// Everything the chaos run does to the data, decided up front from the generated document and a fixed seed:
/// the hostile records added to the generator's poison, the expected DLQ reason per poison record, the accounts
/// Moodle already holds, the movers/leavers/rehire between the runs, and the fixes before the DLQ replay.
/// </summary>
public sealed class ScenarioPlan
{
    private ScenarioPlan(List<Employee> generated, Dictionary<string, string> poison, List<PlannedEdit> hostile, string rehireId,
        string linkedDuplicateOwner, string laterRehireId, List<PlannedEdit> changes, List<PlannedEdit> fixes)
    {
        Generated = generated;
        ExpectedPoison = poison;
        Hostile = hostile;
        GeneratorRehireId = rehireId;
        DuplicateEmailOwnerId = linkedDuplicateOwner;
        LaterRehireId = laterRehireId;
        Changes = changes;
        Fixes = fixes;
    }

    public List<Employee> Generated { get; }

    /// <summary>Employee id → the failure_code its DLQ message must carry.</summary>
    public Dictionary<string, string> ExpectedPoison { get; }

    public List<PlannedEdit> Hostile { get; }

    public string GeneratorRehireId { get; }

    /// <summary>Employee 1, whose e-mail the generator's last poison record copies; Moodle already holds it.</summary>
    public string DuplicateEmailOwnerId { get; }

    /// <summary>A long-gone leaver whose suspended account Moodle holds; rehired between the runs.</summary>
    public string LaterRehireId { get; }

    public List<PlannedEdit> Changes { get; }

    public List<PlannedEdit> Fixes { get; }

    public static ScenarioPlan Build(JsonNode generated, ChaosSettings settings, DateOnly today)
    {
        var employees = generated["employees"]!.AsArray().Select(e => Employee.From(e!)).ToList();
        var rehireId = (string)generated["rehireId"]!;
        var poison = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in generated["poison"]!.AsArray())
        {
            var reason = (string)p!["reason"]!;
            poison[(string)p["id"]!] = reason switch
            {
                _ when reason.StartsWith("missing work email", StringComparison.Ordinal) => PoisonCodes.MissingEmail,
                _ when reason.StartsWith("invalid work email", StringComparison.Ordinal) => PoisonCodes.InvalidEmail,
                // Moodle already holds the e-mail's owner (linked by idnumber), so this one conflicts with it.
                _ when reason.StartsWith("duplicate work email", StringComparison.Ordinal) => PoisonCodes.IdNumberConflict,
                _ => throw new InvalidOperationException($"Unknown generator poison reason '{reason}'."),
            };
        }

        var random = new Random(settings.ChaosSeed);
        var owner = employees[0].Id;
        var laterRehire = employees.First(e => ExpectedUser.IsLeaver(e, today) && e.Id != rehireId).Id;
        var reserved = new HashSet<string>(poison.Keys, StringComparer.Ordinal) { owner, rehireId, laterRehire };
        var pool = employees.Where(e => !reserved.Contains(e.Id) && !ExpectedUser.IsLeaver(e, today)).Select(e => e.Id).ToList();
        Shuffle(pool, random);

        var hostile = new List<PlannedEdit>
        {
            // Too long for Moodle's e-mail column (100) yet a valid address: an identity value is never cut, so poison.
            // (A long descriptive value such as a first name is cut to fit with a warning instead.)
            TakeHostile(pool, "workEmail", new string('l', 60) + "@" + new string('d', 50) + ".example", PoisonCodes.FieldTooLong),
            TakeHostile(pool, "lastName", "<script>alert(1)</script>", PoisonCodes.FieldHasMarkup),
            // The sandbox (like BambooHR) only stores Active/Inactive; an empty status is the invalid one it allows.
            TakeHostile(pool, "status", null, PoisonCodes.InvalidStatus),
        };
        if (settings.Mode == "full")
        {
            hostile.Add(TakeHostile(pool, "preferredName", "<img src=x onerror=alert(1)>", PoisonCodes.FieldHasMarkup));
        }

        foreach (var h in hostile)
        {
            poison[h.Id] = h.Kind;
        }

        var changes = PlanChanges(employees, pool, random, settings, today, laterRehire);
        var fixes = poison.Keys.Order(StringComparer.Ordinal).Select(id => Fix(id, hostile)).ToList();
        return new ScenarioPlan(employees, poison, hostile, rehireId, owner, laterRehire, changes, fixes);
    }

    /// <summary>The accounts Moodle holds before the first run, as the admin API takes them.</summary>
    public JsonArray PreloadedMoodleUsers(DateOnly today)
    {
        var users = new JsonArray();
        var owner = Generated.First(e => e.Id == DuplicateEmailOwnerId);
        users.Add(ToUser(ExpectedUser.For(owner, today), suspended: false));
        // The generator's rehire left years ago: a bare, suspended account the first run must reactivate and fill in.
        var rehire = Generated.First(e => e.Id == GeneratorRehireId);
        users.Add(new JsonObject
        {
            ["username"] = rehire.WorkEmail!.ToLowerInvariant(),
            ["firstname"] = rehire.FirstName,
            ["lastname"] = rehire.LastName,
            ["email"] = rehire.WorkEmail,
            ["idnumber"] = rehire.Id,
            ["auth"] = "manual",
            ["suspended"] = true,
        });
        var leaver = Generated.First(e => e.Id == LaterRehireId);
        users.Add(ToUser(ExpectedUser.For(leaver, today), suspended: true));
        return users;
    }

    private static JsonObject ToUser(ExpectedUser u, bool suspended) => new()
    {
        ["username"] = u.Email.ToLowerInvariant(),
        ["firstname"] = u.FirstName,
        ["lastname"] = u.LastName,
        ["email"] = u.Email,
        ["idnumber"] = u.IdNumber,
        ["auth"] = "manual",
        ["suspended"] = suspended,
        ["department"] = u.Department,
        ["institution"] = u.Institution,
        ["city"] = u.City,
        ["country"] = u.Country,
    };

    private static PlannedEdit TakeHostile(List<string> pool, string field, string? value, string code)
    {
        var id = pool[^1];
        pool.RemoveAt(pool.Count - 1);
        return new PlannedEdit(id, code, new Dictionary<string, string?>(StringComparer.Ordinal) { [field] = value });
    }

    private static PlannedEdit Fix(string id, List<PlannedEdit> hostile)
    {
        var h = hostile.FirstOrDefault(x => x.Id == id);
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (h is null)
        {
            fields["workEmail"] = $"fixed.{id}@acme.example";
        }
        else
        {
            var (field, _) = h.Fields.Single();
            fields[field] = field switch
            {
                "workEmail" => $"fixed.{id}@acme.example",
                "lastName" => "Markup-Free",
                "status" => "Active",
                "department" => "Engineering",
                _ => null,
            };
        }

        return new PlannedEdit(id, "fix", fields);
    }

    private static List<PlannedEdit> PlanChanges(List<Employee> employees, List<string> pool, Random random, ChaosSettings settings, DateOnly today, string laterRehire)
    {
        var byId = employees.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var places = employees.Select(e => (e.Location, e.Country)).Distinct().OrderBy(p => p.Location, StringComparer.Ordinal).ToList();
        var units = employees.Select(e => (e.Department, e.Division)).Distinct().OrderBy(p => p.Department, StringComparer.Ordinal).ToList();
        var count = (int)Math.Round(employees.Count * settings.ChangeShare) - 1;
        var chosen = pool.Take(count).ToList();
        var movers = (int)Math.Round(chosen.Count * 0.7);
        var changes = new List<PlannedEdit>();
        for (var i = 0; i < chosen.Count; i++)
        {
            var e = byId[chosen[i]];
            if (i < movers)
            {
                var place = places.Where(p => p.Location != e.Location).ElementAt(random.Next(places.Count - 1));
                var unit = units.Where(u => u.Department != e.Department).ElementAt(random.Next(units.Count - 1));
                changes.Add(new PlannedEdit(e.Id, "mover", new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["department"] = unit.Department,
                    ["division"] = unit.Division,
                    ["jobTitle"] = "Senior " + e.JobTitle,
                    ["location"] = place.Location,
                    ["country"] = place.Country,
                }));
            }
            else
            {
                changes.Add(new PlannedEdit(e.Id, "leaver", new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["status"] = "Inactive",
                    ["terminationDate"] = Iso(today.AddDays(-1)),
                }));
            }
        }

        changes.Add(new PlannedEdit(laterRehire, "rehire", new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["status"] = "Active",
            ["hireDate"] = Iso(today),
        }));
        pool.RemoveRange(0, chosen.Count);
        return changes;
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Shuffle(List<string> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
