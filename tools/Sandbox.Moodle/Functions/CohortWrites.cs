using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Moodle.Cohorts;
using Pipeline.Sandbox.Moodle.Protocol;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>
/// The core_cohort_* writes. Each call is one transaction: nothing lands unless the whole call succeeds, except
/// add_cohort_members, whose bad items become warnings (fixtures 93–95).
/// </summary>
internal static class CohortWrites
{
    public const string CreateName = "core_cohort_create_cohorts";
    public const string UpdateName = "core_cohort_update_cohorts";
    public const string DeleteName = "core_cohort_delete_cohorts";
    public const string AddMembersName = "core_cohort_add_cohort_members";
    public const string DeleteMembersName = "core_cohort_delete_cohort_members";

    private const string Manage = "Create, delete and move cohorts";
    private const string Assign = "Add and remove cohort members";

    /// <summary>The idnumber must be unused on create (90); an empty one is stored as given.</summary>
    public static JsonNode? Create(WsCall call)
    {
        var pending = new List<SandboxCohort>();
        foreach (var c in call.Params.List("cohorts"))
        {
            CheckCategory(c);
            var idnumber = c.Str("idnumber")!;
            if (call.Cohorts.Rows.Concat(pending).Any(x => x.IdNumber == idnumber))
            {
                throw MoodleError.InvalidParameter("record already exists: idnumber=" + idnumber);
            }

            RequireAdmin(call, Manage);
            CheckWidths(c);
            pending.Add(new SandboxCohort
            {
                Id = call.Cohorts.TakeId(),
                Name = c.Str("name")!,
                IdNumber = idnumber,
                Description = c.Str("description") ?? string.Empty,
                DescriptionFormat = int.Parse(c.Str("descriptionformat")!, System.Globalization.CultureInfo.InvariantCulture),
                Visible = c.Str("visible") != "0",
            });
        }

        pending.ForEach(call.Cohorts.Put);
        var created = pending.Select(c => new CreatedCohortDto(c.Id, c.Name, c.IdNumber, c.Description, c.DescriptionFormat, c.Visible, string.Empty)).ToList();
        return JsonSerializer.SerializeToNode(created, CohortJsonContext.Default.ListCreatedCohortDto);
    }

    /// <summary>idnumber is required but, unlike create, not checked for uniqueness (seen while recording 98).</summary>
    public static JsonNode? Update(WsCall call)
    {
        var pending = new Dictionary<long, SandboxCohort>();
        foreach (var c in call.Params.List("cohorts"))
        {
            if (c.Str("name")!.Trim().Length == 0)
            {
                throw MoodleError.InvalidParameter("Invalid cohort name");
            }

            var id = CohortReads.ParseId(c.Str("id"));
            var cohort = pending.GetValueOrDefault(id) ?? MustFind(call.Cohorts, id).Clone();
            RequireAdmin(call, Manage);
            CheckCategory(c);
            CheckWidths(c);
            cohort.Name = c.Str("name")!;
            cohort.IdNumber = c.Str("idnumber")!;
            cohort.Description = c.Str("description") ?? cohort.Description;
            cohort.Visible = c.Has("visible") ? c.Str("visible") == "1" : cohort.Visible;
            pending[id] = cohort;
        }

        foreach (var cohort in pending.Values)
        {
            call.Cohorts.Put(cohort);
        }

        return null;
    }

    /// <summary>An unknown id fails the whole call (dml_missing_record_exception invalidrecord).</summary>
    public static JsonNode? Delete(WsCall call)
    {
        var ids = new List<long>();
        foreach (var item in call.Params.List("cohortids"))
        {
            ids.Add(MustFind(call.Cohorts, CohortReads.ParseId(item.Value)).Id);
            RequireAdmin(call, Manage);
        }

        ids.ForEach(call.Cohorts.Remove);
        return null;
    }

    /// <summary>
    /// Cohort by id or idnumber, user by id or username (not deleted); anything else, or a missing cohort, user or
    /// an existing membership, is a warning with Moodle's code and text, and the other members are still added.
    /// </summary>
    public static JsonNode? AddMembers(WsCall call)
    {
        var warnings = new List<CohortWarningDto>();
        var added = new List<(SandboxCohort Cohort, long UserId)>();
        foreach (var m in call.Params.List("members"))
        {
            var cohortType = m.Fields!["cohorttype"];
            var userType = m.Fields!["usertype"];
            var (ct, cv) = (cohortType.Str("type")!, cohortType.Str("value")!);
            var (ut, uv) = (userType.Str("type")!, userType.Str("value")!);
            if (ct is not ("id" or "idnumber"))
            {
                warnings.Add(new CohortWarningDto("1", "invalid parameter: cohortype=" + ct));
                continue;
            }

            if (ut is not ("id" or "username"))
            {
                warnings.Add(new CohortWarningDto("1", "invalid parameter: usertype=" + ut));
                continue;
            }

            // get_field() with IGNORE_MISSING: with two cohorts on one idnumber (update allows it) one of them is taken.
            var cohort = call.Cohorts.Rows.FirstOrDefault(c => ct == "id" ? c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == cv : c.IdNumber == cv);
            if (cohort is null)
            {
                warnings.Add(new CohortWarningDto("2", $"cohort {ct}={cv} not exists"));
                continue;
            }

            var user = call.Store.Rows.FirstOrDefault(u => !u.Deleted && (ut == "id" ? u.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == uv : u.Username == uv));
            if (user is null)
            {
                warnings.Add(new CohortWarningDto("2", $"user {ut}={uv} not exists"));
                continue;
            }

            if (cohort.Members.Contains(user.Id) || added.Contains((cohort, user.Id)))
            {
                warnings.Add(new CohortWarningDto("3", $"record already exists: cohort({ct}={cv} {ut}={uv})"));
                continue;
            }

            RequireAdmin(call, Assign);
            added.Add((cohort, user.Id));
        }

        foreach (var (cohort, userId) in added)
        {
            cohort.Members.Add(userId);
        }

        return JsonSerializer.SerializeToNode(new CohortWarningsDto(warnings), CohortJsonContext.Default.CohortWarningsDto);
    }

    /// <summary>Removing a non-member is fine (97); an unknown cohort or user fails the whole call.</summary>
    public static JsonNode? DeleteMembers(WsCall call)
    {
        var removals = new List<(SandboxCohort Cohort, long UserId)>();
        foreach (var m in call.Params.List("members"))
        {
            var cohort = MustFind(call.Cohorts, CohortReads.ParseId(m.Str("cohortid")));
            var userId = CohortReads.ParseId(m.Str("userid"));
            if (call.Store.Find(userId) is not { Deleted: false })
            {
                throw new MoodleError("dml_missing_record_exception", "invaliduser", "Invalid user");
            }

            RequireAdmin(call, Assign);
            removals.Add((cohort, userId));
        }

        foreach (var (cohort, userId) in removals)
        {
            cohort.Members.Remove(userId);
        }

        return null;
    }

    public static SandboxCohort MustFind(CohortStore cohorts, long id) =>
        cohorts.Find(id) ?? throw new MoodleError("dml_missing_record_exception", "invalidrecord", "Can't find data record in database table cohort.");

    /// <summary>Only the system context exists here; a category named by id or idnumber is never found.</summary>
    private static void CheckCategory(Validated cohort)
    {
        var category = cohort.Fields!["categorytype"];
        var type = category.Str("type");
        if (type is not ("system" or "id" or "idnumber"))
        {
            throw MoodleError.InvalidParameter("category type must be id, idnumber or system:" + type);
        }

        if (type != "system")
        {
            throw MoodleError.InvalidParameter($"category not exists: category {type} = {category.Str("value")}");
        }
    }

    /// <summary>cohort.name is varchar(254), cohort.idnumber varchar(100): PostgreSQL refuses longer values.</summary>
    private static void CheckWidths(Validated cohort)
    {
        if (ColumnLimits.Characters(cohort.Str("name")!) > 254 || ColumnLimits.Characters(cohort.Str("idnumber")!) > 100)
        {
            throw ColumnLimits.WriteError("value too long for a cohort column");
        }
    }

    private static void RequireAdmin(WsCall call, string capability)
    {
        if (call.Caller.Role != CallerRole.Admin)
        {
            throw MoodleError.NoPermissions(capability);
        }
    }
}
