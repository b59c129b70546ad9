namespace Pipeline.Sandbox.Moodle.Protocol;

/// <summary>
/// One node of PHP's view of bracketed form keys (<c>users[0][customfields][0][type]</c>): a scalar or an
/// ordered map, as <c>$_POST</c> would hold it.
/// </summary>
internal sealed class ParamNode
{
    public string? Value { get; private set; }
    public OrderedDictionary<string, ParamNode>? Children { get; private set; }

    public static ParamNode Map() => new() { Children = new OrderedDictionary<string, ParamNode>(StringComparer.Ordinal) };

    public bool IsMap => Children is not null;

    /// <summary>Sets a value at the bracket path; later keys win, as in PHP.</summary>
    public void Set(IReadOnlyList<string> path, string value)
    {
        var node = this;
        for (var i = 0; i < path.Count; i++)
        {
            node.Children ??= new OrderedDictionary<string, ParamNode>(StringComparer.Ordinal);
            node.Value = null;
            var last = i == path.Count - 1;
            if (!node.Children.TryGetValue(path[i], out var child))
            {
                child = new ParamNode();
                node.Children[path[i]] = child;
            }

            if (last)
            {
                child.Value = value;
                child.Children = null;
            }

            node = child;
        }
    }

    /// <summary>PHP print_r-ish rendering used in Moodle debug messages.</summary>
    public override string ToString() => Value ?? "Array";

    public static ParamNode FromPairs(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var root = Map();
        foreach (var (key, value) in pairs)
        {
            var path = SplitKey(key);
            if (path.Count > 0)
            {
                root.Set(path, value);
            }
        }

        return root;
    }

    /// <summary>Splits <c>a[b][c]</c> into [a, b, c]; malformed brackets keep the raw name, as PHP does.</summary>
    public static List<string> SplitKey(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0)
        {
            return key.Length == 0 ? [] : [key];
        }

        var parts = new List<string> { key[..open] };
        var i = open;
        while (i < key.Length && key[i] == '[')
        {
            var close = key.IndexOf(']', i);
            if (close < 0)
            {
                break;
            }

            parts.Add(key[(i + 1)..close]);
            i = close + 1;
        }

        return parts;
    }
}
