using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Moodle.Cohorts;
using Pipeline.Sandbox.Moodle.Protocol;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>core_cohort_get_cohorts, core_cohort_search_cohorts and core_cohort_get_cohort_members.</summary>
internal static class CohortReads
{
    public const string GetName = "core_cohort_get_cohorts";
    public const string SearchName = "core_cohort_search_cohorts";
    public const string GetMembersName = "core_cohort_get_cohort_members";

    /// <summary>Unknown ids are left out, no error; no ids at all: every cohort.</summary>
    public static JsonNode? Get(WsCall call)
    {
        RequireView(call);
        var ids = call.Params.List("cohortids").Select(i => ParseId(i.Value)).ToHashSet();
        var found = call.Cohorts.Rows.Where(c => ids.Count == 0 || ids.Contains(c.Id)).Select(Dto).ToList();
        return JsonSerializer.SerializeToNode(found, CohortJsonContext.Default.ListCohortDto);
    }

    /// <summary>
    /// A case-insensitive substring of name, idnumber or description (LIKE with the query escaped), sorted by name
    /// then idnumber. Moodle passes limitfrom to cohort_get_all_cohorts() as a page number, so it skips
    /// limitfrom × limitnum rows; kept.
    /// </summary>
    public static JsonNode? Search(WsCall call)
    {
        var context = call.Params.Fields!["context"];
        var contextId = ParseId(context.Str("contextid"));
        var level = context.Str("contextlevel");
        if (contextId != 1 && !(contextId == 0 && level is "system" or "10"))
        {
            throw new MoodleError("dml_missing_record_exception", "invalidrecord", "Can't find data record in database table context.");
        }

        var includes = call.Params.Str("includes");
        if (includes is not ("all" or "parents" or "self"))
        {
            throw new MoodleError(@"core\exception\coding_exception", "codingerror",
                "Coding error detected, it must be fixed by a programmer: Invalid parameter value for 'includes'.");
        }

        RequireView(call);
        var query = call.Params.Str("query")!;
        var limitnum = (int)ParseId(call.Params.Str("limitnum"));
        var page = (int)ParseId(call.Params.Str("limitfrom"));
        var found = call.Cohorts.Rows
            .Where(c => query.Length == 0 || new[] { c.Name, c.IdNumber, c.Description }.Any(f => f.Contains(query, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.IdNumber, StringComparer.Ordinal)
            .Skip(limitnum > 0 ? page * limitnum : 0)
            .Take(limitnum > 0 ? limitnum : int.MaxValue)
            .Select(Dto)
            .ToList();
        return JsonSerializer.SerializeToNode(new CohortSearchDto(found), CohortJsonContext.Default.CohortSearchDto);
    }

    /// <summary>Members sorted by lastname, firstname (the query's ORDER BY; fixture 96 shows Letter before Underscore).</summary>
    public static JsonNode? GetMembers(WsCall call)
    {
        var result = new List<CohortMembersDto>();
        foreach (var item in call.Params.List("cohortids"))
        {
            var cohort = CohortWrites.MustFind(call.Cohorts, ParseId(item.Value));
            RequireView(call);
            var ids = cohort.Members
                .Select(id => call.Store.Find(id))
                .OfType<Users.SandboxUser>()
                .OrderBy(u => u.LastName, StringComparer.Ordinal).ThenBy(u => u.FirstName, StringComparer.Ordinal)
                .Select(u => u.Id)
                .ToList();
            result.Add(new CohortMembersDto(cohort.Id, ids));
        }

        return JsonSerializer.SerializeToNode(result, CohortJsonContext.Default.ListCohortMembersDto);
    }

    private static void RequireView(WsCall call)
    {
        if (call.Caller.Role != CallerRole.Admin)
        {
            throw MoodleError.NoPermissions("View site-wide cohorts");
        }
    }

    private static CohortDto Dto(SandboxCohort c) =>
        new(c.Id, c.Name, c.IdNumber, c.Description, c.DescriptionFormat, c.Visible, string.Empty, []);

    internal static long ParseId(string? value) => long.Parse(value ?? "0", CultureInfo.InvariantCulture);
}
