using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Pipeline.Domain.Fields;

/// <summary>
/// Text values by field name: a user's descriptive Moodle fields (<see cref="FieldTable.Moodle.Descriptive"/>) or its
/// custom profile fields by shortname. Read-only, enumerated in ordinal name order (so forms and change lists come out
/// the same every time), and compared by content, so the records that carry it compare by value. Holds personal data:
/// never log it.
/// </summary>
public sealed class FieldValues : IReadOnlyDictionary<string, string?>, IEquatable<FieldValues>
{
    public static readonly FieldValues Empty = new([]);

    private readonly SortedDictionary<string, string?> _values;

    public FieldValues(IEnumerable<KeyValuePair<string, string?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            _values[name] = value;
        }
    }

    public int Count => _values.Count;

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<string?> Values => _values.Values;

    public string? this[string key] => _values[key];

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value) => _values.TryGetValue(key, out value);

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public FieldValues With(string name, string? value) => new(_values.Where(p => p.Key != name).Append(new(name, value)));

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(FieldValues? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Count == other.Count
                && _values.All(p => other._values.TryGetValue(p.Key, out var v) && string.Equals(p.Value, v, StringComparison.Ordinal))));

    public override bool Equals(object? obj) => Equals(obj as FieldValues);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var (name, value) in _values)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The names only: the values are personal data.</summary>
    public override string ToString() => "{" + string.Join(", ", _values.Keys) + "}";
}
