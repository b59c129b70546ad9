namespace Pipeline.Sandbox.Moodle.Cohorts;

/// <summary>A row of Moodle's cohort table (system context only: the sandbox has no course categories) and its members.</summary>
internal sealed class SandboxCohort
{
    public long Id { get; init; }
    public string Name { get; set; } = string.Empty;
    public string IdNumber { get; set; } = string.Empty;
    public string Description { get; set; } = string.Empty;
    public int DescriptionFormat { get; set; } = 1;
    public bool Visible { get; set; } = true;
    public HashSet<long> Members { get; init; } = [];

    public SandboxCohort Clone() => new()
    {
        Id = Id,
        Name = Name,
        IdNumber = IdNumber,
        Description = Description,
        DescriptionFormat = DescriptionFormat,
        Visible = Visible,
        Members = [.. Members],
    };
}

/// <summary>
/// The cohort table. Guarded by the user store's lock (the endpoint holds it for every call), ids from a sequence
/// that a rolled-back create still advances, as PostgreSQL's does.
/// </summary>
internal sealed class CohortStore
{
    private readonly SortedDictionary<long, SandboxCohort> _cohorts = [];
    private long _nextId = 1;

    public IEnumerable<SandboxCohort> Rows => _cohorts.Values;

    public SandboxCohort? Find(long id) => _cohorts.GetValueOrDefault(id);

    public long TakeId() => _nextId++;

    /// <summary>Inserts or replaces (a replaced row is how a committed update lands).</summary>
    public void Put(SandboxCohort cohort) => _cohorts[cohort.Id] = cohort;

    public void Remove(long id) => _cohorts.Remove(id);

    /// <summary>delete_user() takes a deleted account out of every cohort.</summary>
    public void RemoveMember(long userId)
    {
        foreach (var cohort in _cohorts.Values)
        {
            cohort.Members.Remove(userId);
        }
    }

    public void Reset()
    {
        _cohorts.Clear();
        _nextId = 1;
    }
}
