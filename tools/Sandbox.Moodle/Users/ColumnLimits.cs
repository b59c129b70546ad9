using Pipeline.Sandbox.Moodle.Protocol;

namespace Pipeline.Sandbox.Moodle.Users;

/// <summary>
/// The varchar widths of Moodle 4.5's user table (lib/db/install.xml). Nothing in Moodle checks them before the
/// INSERT/UPDATE: PostgreSQL refuses an over-long value, counted in characters, not bytes (fixtures 83–85).
/// </summary>
internal static class ColumnLimits
{
    private static readonly (string Field, int Width)[] UserColumns =
    [
        ("username", 100), ("auth", 20), ("idnumber", 255), ("firstname", 100), ("lastname", 100), ("email", 100),
        ("phone1", 20), ("phone2", 20), ("institution", 255), ("department", 255), ("address", 255), ("city", 120),
        ("country", 2), ("lang", 30), ("calendartype", 30), ("theme", 50), ("timezone", 100),
        ("firstnamephonetic", 255), ("lastnamephonetic", 255), ("middlename", 255), ("alternatename", 255),
    ];

    /// <summary>Throws Moodle's dml_write_exception when a given value is wider than its column.</summary>
    public static void CheckUser(Validated user)
    {
        foreach (var (field, width) in UserColumns)
        {
            if (user.Str(field) is { } value && Characters(value) > width)
            {
                throw WriteError($"value too long for type character varying({width})");
            }
        }
    }

    public static MoodleError WriteError(string debugInfo) =>
        new("dml_write_exception", "dmlwriteexception", "Error writing to database", debugInfo);

    /// <summary>PostgreSQL counts code points; a .NET string's Length counts UTF-16 units.</summary>
    public static int Characters(string value) => value.EnumerateRunes().Count();
}
