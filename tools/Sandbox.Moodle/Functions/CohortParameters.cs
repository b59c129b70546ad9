using Pipeline.Sandbox.Moodle.Protocol;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>The parameter descriptions of the core_cohort_* functions, key order as in Moodle 4.5 (cohort/externallib.php).</summary>
internal static class CohortParameters
{
    private static KeyValuePair<string, ExternalDescription> K(string key, ExternalDescription d) => new(key, d);

    private static ExternalValue Opt(string type) => new(type, Presence.Optional);

    private static readonly ExternalSingle CategoryType = new(
    [
        K("type", new ExternalValue(ParamTypes.Text)),
        K("value", new ExternalValue(ParamTypes.Raw)),
    ]);

    private static readonly ExternalMultiple CustomFields = new(new ExternalSingle(
    [
        K("shortname", new ExternalValue(ParamTypes.AlphaNumExt)),
        K("value", new ExternalValue(ParamTypes.Raw)),
    ]), Presence.Optional);

    private static readonly ExternalSingle TypeValue = new(
    [
        K("type", new ExternalValue(ParamTypes.AlphaNumExt)),
        K("value", new ExternalValue(ParamTypes.Raw)),
    ]);

    private static readonly ExternalMultiple CohortIds = new(new ExternalValue(ParamTypes.Int));

    public static readonly ExternalSingle Create = new(
    [
        K("cohorts", new ExternalMultiple(new ExternalSingle(
        [
            K("categorytype", CategoryType),
            K("name", new ExternalValue(ParamTypes.Raw)),
            K("idnumber", new ExternalValue(ParamTypes.Raw)),
            K("description", Opt(ParamTypes.Raw)),
            K("descriptionformat", new ExternalValue(ParamTypes.Int, Presence.Default, "1")),
            K("visible", new ExternalValue(ParamTypes.Bool, Presence.Optional)),
            K("theme", Opt(ParamTypes.Theme)),
            K("customfields", CustomFields),
        ]))),
    ]);

    public static readonly ExternalSingle Update = new(
    [
        K("cohorts", new ExternalMultiple(new ExternalSingle(
        [
            K("id", new ExternalValue(ParamTypes.Int)),
            K("categorytype", CategoryType),
            K("name", new ExternalValue(ParamTypes.Raw)),
            K("idnumber", new ExternalValue(ParamTypes.Raw)),
            K("description", Opt(ParamTypes.Raw)),
            K("descriptionformat", new ExternalValue(ParamTypes.Int, Presence.Default, "1")),
            K("visible", Opt(ParamTypes.Bool)),
            K("theme", Opt(ParamTypes.Theme)),
            K("customfields", CustomFields),
        ]))),
    ]);

    public static readonly ExternalSingle Delete = new([K("cohortids", CohortIds)]);

    public static readonly ExternalSingle Get = new([K("cohortids", new ExternalMultiple(new ExternalValue(ParamTypes.Int), Presence.Default))]);

    public static readonly ExternalSingle Search = new(
    [
        K("query", new ExternalValue(ParamTypes.Raw)),
        K("context", new ExternalSingle(
        [
            K("contextid", new ExternalValue(ParamTypes.Int, Presence.Default, "0")),
            K("contextlevel", new ExternalValue(ParamTypes.AlphaNum, Presence.Default, string.Empty)),
            K("instanceid", new ExternalValue(ParamTypes.Int, Presence.Default, "0")),
        ])),
        K("includes", new ExternalValue(ParamTypes.Alpha, Presence.Default, "parents")),
        K("limitfrom", new ExternalValue(ParamTypes.Int, Presence.Default, "0")),
        K("limitnum", new ExternalValue(ParamTypes.Int, Presence.Default, "25")),
    ]);

    public static readonly ExternalSingle AddMembers = new(
    [
        K("members", new ExternalMultiple(new ExternalSingle([K("cohorttype", TypeValue), K("usertype", TypeValue)]))),
    ]);

    public static readonly ExternalSingle DeleteMembers = new(
    [
        K("members", new ExternalMultiple(new ExternalSingle(
        [
            K("cohortid", new ExternalValue(ParamTypes.Int)),
            K("userid", new ExternalValue(ParamTypes.Int)),
        ]))),
    ]);

    public static readonly ExternalSingle GetMembers = new([K("cohortids", CohortIds)]);
}
