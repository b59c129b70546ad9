using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.BambooHr;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Producer.Operate;

/// <summary>A Moodle account whose idnumber no BambooHR employee has. The username is for the operator's screen, never for logs.</summary>
public sealed record Orphan(long MoodleUserId, string Username, [property: JsonPropertyName("idnumber")] string IdNumber, bool Suspended);

/// <param name="Employees">How many BambooHR employees (all statuses) the idnumbers came from; null when the caller gave the idnumbers.</param>
/// <param name="Accounts">Moodle accounts that carry an idnumber.</param>
public sealed record OrphanReport(int? Employees, int Accounts, int Count, IReadOnlyList<Orphan> Orphans);

/// <summary>
/// Moodle accounts with a non-empty idnumber that no BambooHR employee has: a leaver deleted from BambooHR, an
/// idnumber typed by hand, another system's accounts, or a changed Mapping:IdNumberSource. Only reads; it never
/// suspends or changes an account, because an orphan may be right and only a person can tell.
/// </summary>
/// <remarks>
/// Moodle is read in one core_user_get_users call (email LIKE '%' matches every account not deleted): the function has
/// no paging. A real Moodle 4.5 answered 4,360 users in 2.5 MB (about 600 bytes a user) well within Moodle:Timeout;
/// far larger sites (tens of thousands of users) may need a longer Moodle:Timeout and PHP's memory_limit raised.
/// </remarks>
public sealed partial class OrphanAudit(IBambooHrClient bamboo, IMoodleClient moodle, IOptions<MappingOptions> mapping, ILogger<OrphanAudit> logger)
{
    /// <summary>Matches every account Moodle has not deleted; an empty or unsupported criterion would not (see GetUsersAsync).</summary>
    private static readonly Dictionary<string, string> EveryAccount = new(StringComparer.Ordinal) { ["email"] = "%" };

    /// <summary>`pipeline audit`: reads every BambooHR employee (all statuses), then compares Moodle with them.</summary>
    public async Task<OrphanReport> AuditAsync(CancellationToken ct)
    {
        var employees = await bamboo.GetAllSnapshotsAsync(ct).ConfigureAwait(false);
        if (employees.Count == 0)
        {
            // Every linked account would be an orphan: far more likely a key that sees no one than a company with no staff.
            throw new BambooHrException("no_employees",
                "BambooHR listed no employees at all, so every linked Moodle account would look orphaned; nothing was compared. " +
                "Check that the API key's user may see all employees (including inactive ones) in BambooHR.");
        }

        var report = await FindOrphansAsync(IdNumbersOf(employees.Values), ct).ConfigureAwait(false);
        return report with { Employees = employees.Count };
    }

    /// <summary>
    /// For the end of a full run: the Moodle accounts whose idnumber is not among <paramref name="knownIdNumbers"/>,
    /// the idnumbers of every employee the run saw (<see cref="IdNumbersOf"/>).
    /// </summary>
    public async Task<OrphanReport> FindOrphansAsync(IReadOnlySet<string> knownIdNumbers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(knownIdNumbers);
        var users = await moodle.GetUsersAsync(EveryAccount, ct).ConfigureAwait(false);
        var linked = users.Where(u => !string.IsNullOrEmpty(u.IdNumber)).ToList();
        var orphans = linked
            .Where(u => !knownIdNumbers.Contains(u.IdNumber!))
            .OrderBy(u => u.Id)
            .Select(u => new Orphan(u.Id, u.Username, u.IdNumber!, u.Suspended))
            .ToList();

        LogAudited(users.Count, linked.Count, orphans.Count, orphans.Count(o => !o.Suspended));
        foreach (var orphan in orphans)
        {
            LogOrphan(orphan.MoodleUserId, orphan.IdNumber, orphan.Suspended);
        }

        return new OrphanReport(null, linked.Count, orphans.Count, orphans);
    }

    /// <summary>The idnumbers the mapping gives these employees (Mapping:IdNumberSource); employees it gives none are skipped.</summary>
    public HashSet<string> IdNumbersOf(IEnumerable<EmployeeSnapshot> employees)
    {
        ArgumentNullException.ThrowIfNull(employees);
        var source = mapping.Value.IdNumberSource;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var employee in employees)
        {
            if (EmployeeIdNumber.Of(employee, source) is { } idNumber)
            {
                known.Add(idNumber);
            }
        }

        return known;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Orphan audit: {Users} Moodle accounts, {Linked} with an idnumber, {Orphans} orphaned ({Active} not suspended); nothing was changed")]
    private partial void LogAudited(int users, int linked, int orphans, int active);

    // Moodle id and idnumber only: the username is often the e-mail.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Orphaned Moodle account {MoodleUserId}: idnumber {IdNumber} belongs to no BambooHR employee; suspended {Suspended}")]
    private partial void LogOrphan(long moodleUserId, string idNumber, bool suspended);
}
