using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pipeline.Domain;

/// <summary>
/// BambooHR sends a country as its display name ("United Kingdom", "Viet Nam"); Moodle stores the
/// ISO 3166-1 alpha-2 code. Names come from <c>CountryTable.cs</c>.
/// </summary>
public static class CountryCodes
{
    private static readonly FrozenDictionary<string, string> ByName =
        CountryTable.Names.ToFrozenDictionary(n => n.Name, n => n.Code, StringComparer.Ordinal);

    private static readonly FrozenSet<string> Codes = CountryTable.Alpha2Codes.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every ISO 3166-1 alpha-2 code, as Moodle's country list holds them.</summary>
    public static IReadOnlyCollection<string> All => Codes;

    /// <summary>
    /// The alpha-2 code for a country name, case- and whitespace-insensitively. A bare alpha-2 code
    /// ("GB") is accepted too, so a tenant whose field already holds codes still maps.
    /// </summary>
    public static bool TryGetAlpha2(string? name, [NotNullWhen(true)] out string? code)
    {
        code = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var key = Normalize(name);
        if (ByName.TryGetValue(key, out var found))
        {
            code = found;
            return true;
        }

        if (key.Length == 2 && Codes.Contains(key))
        {
            code = key;
            return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="code"/> is an upper-case ISO 3166-1 alpha-2 code.</summary>
    public static bool IsAlpha2(string? code) => code is { Length: 2 } && Codes.Contains(code);

    // Upper-case, single spaces, straight apostrophes: the spellings HR exports differ in exactly these.
    internal static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        var pendingSpace = false;
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c is '\u2019' or '\u2018' or '\u02BC' ? '\'' : char.ToUpperInvariant(c));
        }

        return sb.ToString();
    }
}
