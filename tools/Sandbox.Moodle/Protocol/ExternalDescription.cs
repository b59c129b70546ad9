namespace Pipeline.Sandbox.Moodle.Protocol;

internal enum Presence
{
    Required,
    Optional,
    Default,
}

/// <summary>
/// A small copy of Moodle's external_description tree, so parameter errors carry the same debuginfo
/// path (<c>users =&gt; Invalid parameter value detected: username =&gt; ...</c>) as the real server.
/// </summary>
internal abstract record ExternalDescription(Presence Presence);

internal sealed record ExternalValue(string Type, Presence Presence = Presence.Required, string? Default = null)
    : ExternalDescription(Presence);

internal sealed record ExternalSingle(IReadOnlyList<KeyValuePair<string, ExternalDescription>> Keys, Presence Presence = Presence.Required)
    : ExternalDescription(Presence);

internal sealed record ExternalMultiple(ExternalDescription Content, Presence Presence = Presence.Required)
    : ExternalDescription(Presence);

/// <summary>Validated parameters: strings for values, maps for single structures, lists for multiple ones.</summary>
internal sealed class Validated
{
    public string? Value { get; init; }
    public Dictionary<string, Validated>? Fields { get; init; }
    public List<Validated>? Items { get; init; }

    public string? Str(string key) => Fields is not null && Fields.TryGetValue(key, out var v) ? v.Value : null;

    public bool Has(string key) => Fields?.ContainsKey(key) == true;

    public List<Validated> List(string key) =>
        Fields is not null && Fields.TryGetValue(key, out var v) && v.Items is not null ? v.Items : [];
}

internal static class ParameterValidator
{
    private const string Nested = MoodleError.InvalidParameterMessage;

    /// <summary>Mirrors external_api::validate_parameters.</summary>
    public static Validated Validate(ExternalDescription description, ParamNode? node)
    {
        switch (description)
        {
            case ExternalValue value:
                if (node is null || node.IsMap)
                {
                    throw MoodleError.InvalidParameter("Scalar type expected, array or object received.");
                }

                return new Validated { Value = ParamTypes.Validate(value.Type, node.Value ?? string.Empty) };

            case ExternalSingle single:
                if (node is null || !node.IsMap)
                {
                    throw MoodleError.InvalidParameter($"Only arrays accepted. The bad value is: '{node}'");
                }

                var fields = new Dictionary<string, Validated>(StringComparer.Ordinal);
                var remaining = node.Children!.Keys.ToList();
                foreach (var (key, sub) in single.Keys)
                {
                    if (!node.Children!.TryGetValue(key, out var child))
                    {
                        if (sub.Presence == Presence.Required)
                        {
                            throw MoodleError.InvalidParameter("Missing required key in single structure: " + key);
                        }

                        if (sub.Presence == Presence.Default)
                        {
                            fields[key] = DefaultOf(sub);
                        }

                        continue;
                    }

                    try
                    {
                        fields[key] = Validate(sub, child);
                    }
                    catch (MoodleError e) when (e.ErrorCode == "invalidparameter")
                    {
                        throw MoodleError.InvalidParameter($"{key} => {Nested}: {e.DebugInfo}");
                    }

                    remaining.Remove(key);
                }

                if (remaining.Count > 0)
                {
                    throw MoodleError.InvalidParameter($"Unexpected keys ({string.Join(", ", remaining)}) detected in parameter array.");
                }

                return new Validated { Fields = fields };

            case ExternalMultiple multiple:
                if (node is null || !node.IsMap)
                {
                    throw MoodleError.InvalidParameter($"Only arrays accepted. The bad value is: '{node}'");
                }

                return new Validated { Items = node.Children!.Values.Select(c => Validate(multiple.Content, c)).ToList() };

            default:
                throw new InvalidOperationException("Unknown description " + description.GetType().Name);
        }
    }

    private static Validated DefaultOf(ExternalDescription d) => d switch
    {
        ExternalValue v => new Validated { Value = v.Default ?? string.Empty },
        ExternalMultiple => new Validated { Items = [] },
        _ => new Validated { Fields = [] },
    };
}
