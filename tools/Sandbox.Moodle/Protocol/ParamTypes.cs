using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Sandbox.Moodle.Protocol;

/// <summary>
/// The PARAM_* types the user functions use. Moodle validates by cleaning and requiring the cleaned text
/// to equal the input, so a value is either accepted unchanged or refused.
/// </summary>
internal static partial class ParamTypes
{
    public const string Int = "int";
    public const string Bool = "bool";
    public const string Raw = "raw";
    public const string RawTrimmed = "raw_trimmed";
    public const string Alpha = "alpha";
    public const string AlphaNum = "alphanum";
    public const string AlphaNumExt = "alphanumext";
    public const string Username = "username";
    public const string NoTags = "notags";
    public const string Text = "text";
    public const string Auth = "auth";
    public const string Plugin = "plugin";
    public const string Theme = "theme";
    public const string Lang = "lang";
    public const string Timezone = "timezone";

    public static string Validate(string type, string value)
    {
        if (type == Bool && value is "0" or "1")
        {
            return value;
        }

        var cleaned = Clean(type, value);
        if (!string.Equals(cleaned, value, StringComparison.Ordinal))
        {
            throw MoodleError.InvalidParameter(
                $"Invalid external api parameter: the value is \"{value}\", the server was expecting \"{type}\" type");
        }

        return cleaned;
    }

    public static string Clean(string type, string value) => type switch
    {
        Int => CleanInt(value),
        Bool => value is "1" or "true" or "yes" or "on" ? "1" : "0",
        Raw => value,
        RawTrimmed => value.Trim(),
        Alpha => NotAlpha().Replace(value, string.Empty),
        AlphaNum => NotAlphaNum().Replace(value, string.Empty),
        AlphaNumExt => NotAlphaNumExt().Replace(value, string.Empty),
        Username => CleanUsername(value),
        NoTags or Text => Tags().Replace(value, string.Empty),
        Auth or Plugin or Theme => PluginName().IsMatch(value) ? value : string.Empty,
        Lang => NotSafeDir().Replace(value, string.Empty),
        Timezone => TimezoneChars().IsMatch(value) ? value : "99",
        _ => value,
    };

    /// <summary>clean_param(PARAM_USERNAME) without extendedusernamechars.</summary>
    public static string CleanUsername(string value)
    {
        var lowered = value.Trim().ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        return NotUsernameChar().Replace(lowered, string.Empty);
    }

    private static string CleanInt(string value)
    {
        // PHP (int) cast: leading integer prefix, else 0.
        var m = IntPrefix().Match(value.TrimStart());
        return m.Success && long.TryParse(m.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : "0";
    }

    [GeneratedRegex("^[+-]?[0-9]+")]
    private static partial Regex IntPrefix();

    [GeneratedRegex("[^a-zA-Z]")]
    private static partial Regex NotAlpha();

    [GeneratedRegex("[^a-zA-Z0-9]")]
    private static partial Regex NotAlphaNum();

    [GeneratedRegex("[^a-zA-Z0-9_-]")]
    private static partial Regex NotAlphaNumExt();

    [GeneratedRegex(@"[^-\.@_a-z0-9]")]
    private static partial Regex NotUsernameChar();

    [GeneratedRegex(@"<[a-zA-Z/!?][^>]*>?")]
    private static partial Regex Tags();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex PluginName();

    [GeneratedRegex("[^a-zA-Z0-9_-]")]
    private static partial Regex NotSafeDir();

    [GeneratedRegex(@"^[A-Za-z0-9/_+.:-]+$")]
    private static partial Regex TimezoneChars();
}
