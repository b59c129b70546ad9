namespace Pipeline.Domain;

/// <summary>Content equality for the custom-field maps records carry, so records compare by value.</summary>
internal static class FieldMap
{
    public static bool Equal(IReadOnlyDictionary<string, string?> a, IReadOnlyDictionary<string, string?> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        return a.Count == b.Count
            && a.All(p => b.TryGetValue(p.Key, out var v) && string.Equals(p.Value, v, StringComparison.Ordinal));
    }

    public static int Hash(IReadOnlyDictionary<string, string?> map)
    {
        var hash = 0;
        foreach (var (key, value) in map)
        {
            // Order-independent: the maps are unordered.
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value is null ? 0 : StringComparer.Ordinal.GetHashCode(value));
        }

        return hash;
    }
}
