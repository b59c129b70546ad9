using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Sandbox.Moodle.Protocol;

/// <summary>Return shape for XML: Moodle lists every described key, absent ones as null.</summary>
internal abstract record XmlShape;

internal sealed record XmlValue : XmlShape;

internal sealed record XmlSingle(IReadOnlyList<KeyValuePair<string, XmlShape>> Keys) : XmlShape;

internal sealed record XmlMultiple(XmlShape Content) : XmlShape;

/// <summary>The REST server's XML rendering (webservice/rest/locallib.php).</summary>
internal static class XmlResponse
{
    private const string Prolog = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n";

    public static string Error(MoodleError e, bool debug)
    {
        var sb = new StringBuilder(Prolog);
        sb.Append("<EXCEPTION class=\"").Append(e.ExceptionClass).Append("\">\n");
        sb.Append("<ERRORCODE>").Append(Escape(e.ErrorCode)).Append("</ERRORCODE>\n");
        sb.Append("<MESSAGE>").Append(Escape(e.Message)).Append("</MESSAGE>\n");
        if (debug && e.DebugInfo is not null)
        {
            sb.Append("<DEBUGINFO>").Append(Escape(e.DebugInfo)).Append("</DEBUGINFO>\n");
        }

        return sb.Append("</EXCEPTION>\n").ToString();
    }

    /// <summary>With no shape, the shape is read off the JSON itself (absent optional keys then stay absent).</summary>
    public static string Success(JsonNode? result, XmlShape? shape)
    {
        var sb = new StringBuilder(Prolog).Append("<RESPONSE>\n");
        if (result is not null)
        {
            Write(sb, result, shape ?? Infer(result));
        }

        return sb.Append("</RESPONSE>\n").ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node, XmlShape shape)
    {
        switch (shape)
        {
            case XmlMultiple m:
                sb.Append("<MULTIPLE>\n");
                if (node is JsonArray arr)
                {
                    foreach (var item in arr)
                    {
                        Write(sb, item, m.Content);
                    }
                }

                sb.Append("</MULTIPLE>\n");
                break;
            case XmlSingle s:
                sb.Append("<SINGLE>\n");
                foreach (var (key, sub) in s.Keys)
                {
                    sb.Append("<KEY name=\"").Append(key).Append("\">");
                    Write(sb, (node as JsonObject)?[key], sub);
                    sb.Append("</KEY>\n");
                }

                sb.Append("</SINGLE>\n");
                break;
            default:
                if (node is null)
                {
                    sb.Append("<VALUE null=\"null\"/>\n");
                }
                else
                {
                    sb.Append("<VALUE>").Append(Escape(Scalar(node))).Append("</VALUE>\n");
                }

                break;
        }
    }

    private static string Scalar(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.String => node.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static XmlShape Infer(JsonNode node) => node switch
    {
        JsonArray a => new XmlMultiple(a.Count > 0 ? Infer(a[0]!) : new XmlValue()),
        JsonObject o => new XmlSingle(o.Select(kv => new KeyValuePair<string, XmlShape>(kv.Key, kv.Value is null ? new XmlValue() : Infer(kv.Value))).ToList()),
        _ => new XmlValue(),
    };

    // htmlspecialchars(ENT_COMPAT): & < > " (not ').
    private static string Escape(string s) => s
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    public static readonly XmlShape UserDetails = new XmlSingle(
    [
        .. new[]
        {
            "id", "username", "firstname", "lastname", "fullname", "email", "address", "phone1", "phone2", "department",
            "institution", "idnumber", "interests", "firstaccess", "lastaccess", "auth", "suspended", "confirmed", "lang",
            "calendartype", "theme", "timezone", "mailformat", "trackforums", "description", "descriptionformat", "city",
            "country", "profileimageurlsmall", "profileimageurl",
        }.Select(k => new KeyValuePair<string, XmlShape>(k, new XmlValue())),
        new("customfields", new XmlMultiple(Fields("type", "value", "displayvalue", "name", "shortname"))),
        new("preferences", new XmlMultiple(Fields("name", "value"))),
    ]);

    public static readonly XmlShape Warnings = new XmlMultiple(Fields("item", "itemid", "warningcode", "message"));

    public static XmlSingle Fields(params string[] keys) =>
        new(keys.Select(k => new KeyValuePair<string, XmlShape>(k, new XmlValue())).ToList());
}
