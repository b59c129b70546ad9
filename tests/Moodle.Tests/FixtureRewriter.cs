using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Moodle.Tests;

/// <summary>
/// Adapts the recorded transcripts to the site they are replayed against. For the stand-in nothing changes: it
/// starts as the recorded site did, so every value, ids included, must match. A real lab site already holds earlier
/// runs' accounts, so each run gets a tag: e-mail domains become <c>TAG.example.com</c>, usernames and idnumbers get
/// <c>-TAG</c> (case kept, so <c>JDOE</c> stays upper case and still invalid), and ids are mapped from the recorded
/// ones to the ones this site hands out, learned as answers arrive and checked from then on.
/// </summary>
internal sealed partial class FixtureRewriter
{
    private static readonly HashSet<string> IdKeys = new(StringComparer.Ordinal) { "id", "userid", "itemid", "cohortid", "userids" };

    private readonly string? _tag;
    private readonly List<Regex> _names = [];
    private readonly Dictionary<string, string> _md5 = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _ids = [];

    private FixtureRewriter(string? tag, IEnumerable<string> names)
    {
        _tag = tag;
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(n => n.Length))
        {
            _names.Add(new Regex($"(?<![A-Za-z0-9_.@+-]){Regex.Escape(name)}(?![A-Za-z0-9_.@+-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
            // A deleted account's e-mail becomes md5(its username) (43).
            _md5[Md5(name)] = Md5(name + "-" + tag);
        }
    }

    /// <summary>For the stand-in: nothing rewritten, every id must be the recorded one.</summary>
    public static FixtureRewriter None() => new(null, []);

    /// <summary>For a real site: <paramref name="tag"/> is lower-case letters and digits, unique per run.</summary>
    public static FixtureRewriter ForRun(string tag, IEnumerable<Fixture> fixtures) => new(tag, fixtures.SelectMany(NamesIn));

    public static bool IsIdKey(string key) => IdKeys.Contains(key);

    /// <summary>The request to send in place of the recorded one (tokens are the replayer's business).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Request(Fixture fixture)
    {
        if (_tag is null)
        {
            return fixture.Params;
        }

        var byKey = fixture.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return fixture.Params.Select(p => new KeyValuePair<string, string>(p.Key, p.Key switch
        {
            "wstoken" or "wsfunction" => p.Value,
            // search_cohorts matches a substring of name, idnumber or description: only this run's idnumber holds it.
            "query" => p.Value + "-" + _tag,
            _ when RefersToId(p.Key, byKey) && long.TryParse(p.Value, out var id) && _ids.TryGetValue(id, out var mapped) =>
                mapped.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Text(p.Value),
        })).ToList();
    }

    /// <summary>A recorded string as this site should give it back.</summary>
    public string Text(string recorded)
    {
        if (_tag is null)
        {
            return recorded;
        }

        if (_md5.TryGetValue(recorded, out var hashed))
        {
            return hashed;
        }

        var text = ExampleDomain().Replace(recorded, m => (IsUpper(m.Value) ? _tag.ToUpperInvariant() : _tag) + "." + m.Value);
        foreach (var name in _names)
        {
            text = name.Replace(text, m => m.Value + "-" + (IsUpper(m.Value) ? _tag.ToUpperInvariant() : _tag));
        }

        return IdInText().Replace(text, m => "id=" + (_ids.TryGetValue(long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), out var id) ? id : m.Groups[1].Value));
    }

    /// <summary>A recorded XML body as this site should give it back.</summary>
    public string Xml(string recorded) =>
        _tag is null
            ? recorded
            : XmlId().Replace(Text(recorded), m => m.Groups[1].Value + (_ids.TryGetValue(long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), out var id) ? id : m.Groups[2].Value) + m.Groups[3].Value);

    /// <summary>Null when <paramref name="actual"/> is the id the recorded <paramref name="recorded"/> stands for here.</summary>
    public string? MatchId(long recorded, long actual)
    {
        if (_tag is null)
        {
            return recorded == actual ? null : $"id {actual}, real Moodle {recorded}";
        }

        if (_ids.TryGetValue(recorded, out var known))
        {
            return known == actual ? null : $"id {actual}, expected {known} (recorded {recorded})";
        }

        // One map for user and cohort ids: the recorded ones never overlap (users 2-10 and 4432-4437, cohort 1),
        // while this site's may (cohort 4 beside user 4).
        _ids[recorded] = actual;
        return null;
    }

    /// <summary>Usernames and idnumbers (users' and cohorts') that the fixtures send, except e-mail-shaped ones.</summary>
    private static IEnumerable<string> NamesIn(Fixture fixture)
    {
        var byKey = fixture.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (key, value) in fixture.Params)
        {
            var isName = key.EndsWith("[username]", StringComparison.Ordinal) || key.EndsWith("[idnumber]", StringComparison.Ordinal)
                || (key.StartsWith("values[", StringComparison.Ordinal) && byKey.GetValueOrDefault("field") is "username" or "idnumber")
                || (key.EndsWith("[value]", StringComparison.Ordinal) && Sibling(byKey, key) is "username" or "idnumber");
            if (isName && value.Length > 0 && !value.Contains('@', StringComparison.Ordinal))
            {
                yield return value;
            }
        }
    }

    private static bool RefersToId(string key, Dictionary<string, string> byKey) =>
        key.EndsWith("[id]", StringComparison.Ordinal) || key.EndsWith("[userid]", StringComparison.Ordinal)
        || key.EndsWith("[cohortid]", StringComparison.Ordinal) || IdList().IsMatch(key)
        || (key.StartsWith("values[", StringComparison.Ordinal) && byKey.GetValueOrDefault("field") == "id")
        || (key.EndsWith("[value]", StringComparison.Ordinal) && Sibling(byKey, key) == "id");

    /// <summary>The type (or criteria key) that goes with a <c>...[value]</c> parameter.</summary>
    private static string? Sibling(Dictionary<string, string> byKey, string valueKey)
    {
        var stem = valueKey[..^"[value]".Length];
        return byKey.GetValueOrDefault(stem + "[type]") ?? byKey.GetValueOrDefault(stem + "[key]");
    }

    private static bool IsUpper(string s) => s.Any(char.IsLetter) && s == s.ToUpperInvariant();

#pragma warning disable CA5351 // Not security: Moodle stores md5(username) as a deleted account's e-mail.
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    [GeneratedRegex(@"example\.com", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExampleDomain();

    [GeneratedRegex(@"(?<![a-z])id=(\d+)")]
    private static partial Regex IdInText();

    [GeneratedRegex(@"(<KEY name=""id""><VALUE>)(\d+)(</VALUE>)")]
    private static partial Regex XmlId();

    [GeneratedRegex(@"^(userids|cohortids)\[\d+\]$")]
    private static partial Regex IdList();
}
