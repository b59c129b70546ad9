namespace Pipeline.Sandbox.BambooHr;

internal sealed record StoredEmployee(
    string Id, IReadOnlyDictionary<string, string?> Values, DateTimeOffset Created, DateTimeOffset LastChanged)
{
    public string? Get(string field) => Values.TryGetValue(field, out var value) ? value : null;
}

internal sealed record ChangeRow(string Id, string Action, DateTimeOffset LastChanged);

/// <summary>
/// The sandbox's in-memory company. Records are immutable and swapped under one lock, so readers always
/// see a consistent employee even while the admin API writes.
/// </summary>
internal sealed class EmployeeStore(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private Dictionary<string, StoredEmployee> _employees = new(StringComparer.Ordinal);
    private Dictionary<string, DateTimeOffset> _deleted = new(StringComparer.Ordinal);

    public string? CompanyDomain { get; private set; }

    /// <summary>Whether terminations take effect on their date (see <see cref="CalendarSettings"/>); off by default.</summary>
    public CalendarSettings Calendar { get; set; } = new();

    /// <summary>Replaces everything. Throws <see cref="SeedException"/> naming the bad record.</summary>
    public void Load(SeedDocument document)
    {
        var now = Timestamps.Truncate(clock.GetUtcNow());
        var employees = new Dictionary<string, StoredEmployee>(StringComparer.Ordinal);
        foreach (var seed in document.Employees)
        {
            var record = FromSeed(seed, now);
            if (!employees.TryAdd(record.Id, record))
            {
                throw new SeedException($"Employee id {record.Id} appears twice.");
            }
        }

        var deleted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var gone in document.Deleted)
        {
            var id = RequireId(gone.Id);
            if (employees.ContainsKey(id) || !deleted.TryAdd(id, ParseTimestamp(gone.LastChanged, id, now)))
            {
                throw new SeedException($"Deleted id {id} is also an employee or appears twice.");
            }
        }

        lock (_gate)
        {
            CompanyDomain = document.CompanyDomain;
            _employees = employees;
            _deleted = deleted;
        }
    }

    /// <summary>Merges fields into an employee, creating it when absent. Returns the stored record.</summary>
    public StoredEmployee Upsert(string id, IReadOnlyDictionary<string, string?> fields)
    {
        RequireId(id);
        var now = Timestamps.Truncate(clock.GetUtcNow());
        var lastChanged = fields.TryGetValue(Fields.LastChanged, out var given) && given is not null
            ? ParseTimestamp(given, id, now)
            : now;
        foreach (var (name, value) in fields)
        {
            if (name != Fields.LastChanged && name != Fields.Id && !Fields.IsStored(name))
            {
                throw new SeedException($"Employee {id}: unknown field '{name}'.");
            }

            ValidateValue(id, name, value);
        }

        lock (_gate)
        {
            var values = _employees.TryGetValue(id, out var existing)
                ? new Dictionary<string, string?>(existing.Values, StringComparer.Ordinal)
                : new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (name, value) in fields)
            {
                if (Fields.IsStored(name))
                {
                    values[name] = value;
                }
            }

            var record = new StoredEmployee(id, values, existing?.Created ?? lastChanged, lastChanged);
            _employees[id] = record;
            _deleted.Remove(id);
            return record;
        }
    }

    /// <summary>Removes an employee and records a Deleted change now. False when there was no such employee.</summary>
    public bool Delete(string id)
    {
        var now = Timestamps.Truncate(clock.GetUtcNow());
        lock (_gate)
        {
            if (!_employees.Remove(id))
            {
                return false;
            }

            _deleted[id] = now;
            return true;
        }
    }

    public StoredEmployee? Find(string id)
    {
        lock (_gate)
        {
            return _employees.GetValueOrDefault(id) is { } e ? Effective(e) : null;
        }
    }

    public IReadOnlyList<StoredEmployee> All()
    {
        lock (_gate)
        {
            return [.. _employees.Values.OrderBy(e => long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)).Select(Effective)];
        }
    }

    public IReadOnlyList<KeyValuePair<string, DateTimeOffset>> AllDeleted()
    {
        lock (_gate)
        {
            return [.. _deleted];
        }
    }

    /// <summary>
    /// Changes at or after <paramref name="since"/> (inclusive: BambooHR timestamps have whole seconds, so a
    /// client that re-asks from `latest` sees the boundary employee again and must be idempotent).
    /// </summary>
    public IReadOnlyList<ChangeRow> ChangesSince(DateTimeOffset since)
    {
        var rows = new List<ChangeRow>();
        lock (_gate)
        {
            foreach (var e in _employees.Values)
            {
                if (e.LastChanged >= since)
                {
                    rows.Add(new ChangeRow(e.Id, e.Created >= since ? "Inserted" : "Updated", e.LastChanged));
                }
            }

            foreach (var (id, at) in _deleted)
            {
                if (at >= since)
                {
                    rows.Add(new ChangeRow(id, "Deleted", at));
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// The employee as read on the sandbox's date: with terminations taking effect, an Active employee terminated on
    /// or before today (and not rehired since) is Inactive. Only the read changes; lastChanged does not move.
    /// </summary>
    private StoredEmployee Effective(StoredEmployee e)
    {
        var calendar = Calendar;
        if (!calendar.TerminationsTakeEffect || e.Get(Fields.Status) != "Active"
            || !DateOnly.TryParseExact(e.Get(Fields.TerminationDate), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var terminated))
        {
            return e;
        }

        var today = calendar.Today is { } pinned
            ? DateOnly.ParseExact(pinned, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rehired = DateOnly.TryParseExact(e.Get(Fields.HireDate), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var hired)
            && hired > terminated;
        if (terminated > today || rehired)
        {
            return e;
        }

        var values = new Dictionary<string, string?>(e.Values, StringComparer.Ordinal) { [Fields.Status] = "Inactive" };
        return e with { Values = values };
    }

    private static StoredEmployee FromSeed(SeedEmployee seed, DateTimeOffset now)
    {
        var id = RequireId(seed.Id);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["employeeNumber"] = seed.EmployeeNumber,
            ["firstName"] = seed.FirstName,
            ["lastName"] = seed.LastName,
            ["preferredName"] = seed.PreferredName,
            ["workEmail"] = seed.WorkEmail,
            ["status"] = seed.Status,
            ["hireDate"] = seed.HireDate,
            ["terminationDate"] = seed.TerminationDate,
            ["department"] = seed.Department,
            ["division"] = seed.Division,
            ["jobTitle"] = seed.JobTitle,
            ["location"] = seed.Location,
            ["country"] = seed.Country,
        };
        foreach (var (name, value) in values)
        {
            ValidateValue(id, name, value);
        }

        var lastChanged = ParseTimestamp(seed.LastChanged, id, now);
        var created = seed.Created is null ? lastChanged : ParseTimestamp(seed.Created, id, now);
        if (created > lastChanged)
        {
            throw new SeedException($"Employee {id}: created is after lastChanged.");
        }

        return new StoredEmployee(id, values, created, lastChanged);
    }

    private static void ValidateValue(string id, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (name == Fields.Status && value is not ("Active" or "Inactive"))
        {
            throw new SeedException($"Employee {id}: status must be \"Active\" or \"Inactive\", not \"{value}\".");
        }

        if (Fields.IsDate(name) && value.Length > 0 && !Timestamps.IsDate(value))
        {
            throw new SeedException($"Employee {id}: {name} must be yyyy-mm-dd or 0000-00-00, not \"{value}\".");
        }
    }

    private static string RequireId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 18 || !id.All(char.IsAsciiDigit) || id == "0")
        {
            throw new SeedException($"Employee id \"{id}\" is not a positive number written as a string.");
        }

        return id;
    }

    private static DateTimeOffset ParseTimestamp(string? text, string id, DateTimeOffset now)
    {
        if (text is null)
        {
            return now;
        }

        if (!Timestamps.TryParse(text, out var value))
        {
            throw new SeedException($"Employee {id}: timestamp \"{text}\" is not yyyy-mm-ddThh:mm:ss with Z or an offset.");
        }

        return Timestamps.Truncate(value);
    }
}

/// <summary>A seed document or admin write the sandbox refuses; the message names the record.</summary>
public sealed class SeedException : Exception
{
    public SeedException() { }

    public SeedException(string message) : base(message) { }

    public SeedException(string message, Exception innerException) : base(message, innerException) { }
}
