using Pipeline.Sandbox.Moodle.Protocol;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>The parameter descriptions of the user functions, key order as in Moodle 4.5 (it shows in error text).</summary>
internal static class UserParameters
{
    private static KeyValuePair<string, ExternalDescription> K(string key, ExternalDescription d) => new(key, d);

    private static ExternalValue Opt(string type) => new(type, Presence.Optional);

    private static readonly ExternalMultiple CustomFields = new(new ExternalSingle(
    [
        K("type", new ExternalValue(ParamTypes.AlphaNumExt)),
        K("value", new ExternalValue(ParamTypes.Raw)),
    ]), Presence.Optional);

    private static readonly ExternalMultiple Preferences = new(new ExternalSingle(
    [
        K("type", new ExternalValue(ParamTypes.Raw)),
        K("value", new ExternalValue(ParamTypes.Raw)),
    ]), Presence.Optional);

    public static readonly ExternalSingle Create = new(
    [
        K("users", new ExternalMultiple(new ExternalSingle(
        [
            K("createpassword", Opt(ParamTypes.Bool)),
            K("username", new ExternalValue(ParamTypes.Username)),
            K("auth", new ExternalValue(ParamTypes.Auth, Presence.Default, "manual")),
            K("password", Opt(ParamTypes.Raw)),
            K("firstname", new ExternalValue(ParamTypes.NoTags)),
            K("lastname", new ExternalValue(ParamTypes.NoTags)),
            K("email", new ExternalValue(ParamTypes.RawTrimmed)),
            K("maildisplay", Opt(ParamTypes.Int)),
            K("city", Opt(ParamTypes.Text)),
            K("country", Opt(ParamTypes.Alpha)),
            K("timezone", Opt(ParamTypes.Timezone)),
            K("description", Opt(ParamTypes.Raw)),
            K("firstnamephonetic", Opt(ParamTypes.NoTags)),
            K("lastnamephonetic", Opt(ParamTypes.NoTags)),
            K("middlename", Opt(ParamTypes.NoTags)),
            K("alternatename", Opt(ParamTypes.NoTags)),
            K("interests", Opt(ParamTypes.Text)),
            K("idnumber", new ExternalValue(ParamTypes.Raw, Presence.Default, string.Empty)),
            K("institution", Opt(ParamTypes.Text)),
            K("department", Opt(ParamTypes.Text)),
            K("phone1", Opt(ParamTypes.NoTags)),
            K("phone2", Opt(ParamTypes.NoTags)),
            K("address", Opt(ParamTypes.Text)),
            K("lang", new ExternalValue(ParamTypes.Lang, Presence.Default, "en")),
            K("calendartype", new ExternalValue(ParamTypes.Plugin, Presence.Default, "gregorian")),
            K("theme", Opt(ParamTypes.Theme)),
            K("mailformat", Opt(ParamTypes.Int)),
            K("customfields", CustomFields),
            K("preferences", Preferences),
        ]))),
    ]);

    public static readonly ExternalSingle Update = new(
    [
        K("users", new ExternalMultiple(new ExternalSingle(
        [
            K("id", new ExternalValue(ParamTypes.Int)),
            K("username", Opt(ParamTypes.Username)),
            K("auth", Opt(ParamTypes.Auth)),
            K("suspended", Opt(ParamTypes.Bool)),
            K("password", Opt(ParamTypes.Raw)),
            K("firstname", Opt(ParamTypes.NoTags)),
            K("lastname", Opt(ParamTypes.NoTags)),
            K("email", Opt(ParamTypes.RawTrimmed)),
            K("maildisplay", Opt(ParamTypes.Int)),
            K("city", Opt(ParamTypes.Text)),
            K("country", Opt(ParamTypes.Alpha)),
            K("timezone", Opt(ParamTypes.Timezone)),
            K("description", Opt(ParamTypes.Raw)),
            K("userpicture", Opt(ParamTypes.Int)),
            K("firstnamephonetic", Opt(ParamTypes.NoTags)),
            K("lastnamephonetic", Opt(ParamTypes.NoTags)),
            K("middlename", Opt(ParamTypes.NoTags)),
            K("alternatename", Opt(ParamTypes.NoTags)),
            K("interests", Opt(ParamTypes.Text)),
            K("idnumber", Opt(ParamTypes.Raw)),
            K("institution", Opt(ParamTypes.Text)),
            K("department", Opt(ParamTypes.Text)),
            K("phone1", Opt(ParamTypes.NoTags)),
            K("phone2", Opt(ParamTypes.NoTags)),
            K("address", Opt(ParamTypes.Text)),
            K("lang", Opt(ParamTypes.Lang)),
            K("calendartype", Opt(ParamTypes.Plugin)),
            K("theme", Opt(ParamTypes.Theme)),
            K("mailformat", Opt(ParamTypes.Int)),
            K("customfields", CustomFields),
            K("preferences", Preferences),
        ]))),
    ]);

    public static readonly ExternalSingle GetByField = new(
    [
        K("field", new ExternalValue(ParamTypes.Alpha)),
        K("values", new ExternalMultiple(new ExternalValue(ParamTypes.Raw))),
    ]);

    public static readonly ExternalSingle GetUsers = new(
    [
        K("criteria", new ExternalMultiple(new ExternalSingle(
        [
            K("key", new ExternalValue(ParamTypes.Alpha)),
            K("value", new ExternalValue(ParamTypes.Raw)),
        ]))),
    ]);

    public static readonly ExternalSingle Delete = new(
    [
        K("userids", new ExternalMultiple(new ExternalValue(ParamTypes.Int))),
    ]);

    public static readonly ExternalSingle SiteInfo = new(
    [
        K("serviceshortnames", new ExternalMultiple(new ExternalValue(ParamTypes.AlphaNumExt), Presence.Default)),
    ]);
}
