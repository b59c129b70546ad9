namespace Pipeline.Domain.Fields;

/// <summary>
/// A Moodle user field the sync writes (a row of <see cref="FieldTable.Moodle"/>): its name in Moodle's web services
/// (and in <see cref="FieldChange.Field"/>), its column size, its role and, for a descriptive field, where its value
/// comes from in BambooHR.
/// </summary>
public sealed class MoodleField
{
    private readonly Func<DesiredUser, string?>? _desired;
    private readonly Func<MoodleUserState, string?>? _current;

    private MoodleField(
        string name, FieldRole role, int? limit, BambooHrField? source, BambooHrField? preferred, bool required, ValueRule rule,
        Func<DesiredUser, string?>? desired, Func<MoodleUserState, string?>? current)
    {
        Name = name;
        Role = role;
        Limit = limit;
        Source = source;
        Preferred = preferred;
        Required = required;
        Rule = rule;
        _desired = desired;
        _current = current;
    }

    public string Name { get; }

    public FieldRole Role { get; }

    /// <summary>
    /// Moodle 4.5's column size in characters (Unicode code points, as PostgreSQL counts; lib/db/install.xml), the only
    /// place the limit is written; null for a flag. Moodle refuses a longer value (dml_write_exception), so a longer
    /// identity value poisons the employee and a longer descriptive one is cut to fit, with a warning.
    /// </summary>
    public int? Limit { get; }

    /// <summary>A descriptive field's BambooHR field; null for the others, whose source the mapper picks by its options.</summary>
    public BambooHrField? Source { get; }

    /// <summary>A BambooHR field that, when not empty, is used instead of <see cref="Source"/> (preferredName over firstName).</summary>
    public BambooHrField? Preferred { get; }

    /// <summary>
    /// Moodle refuses a user without it, so an employee whose source is empty is poison: every identity field and auth,
    /// and of the descriptive fields the names only.
    /// </summary>
    public bool Required { get; }

    public ValueRule Rule { get; }

    /// <summary>False only for <see cref="FieldRole.Status"/>: suspended is a flag the reconciler sets from the leaver rule.</summary>
    public bool IsText => _desired is not null;

    /// <summary>The value the employee should have; for a descriptive field, its entry in <see cref="DesiredUser.Profile"/>.</summary>
    public string? Desired(DesiredUser user) => (_desired ?? throw NotText())(user);

    /// <summary>The value Moodle holds; for a descriptive field, its entry in <see cref="MoodleUserState.Profile"/>.</summary>
    public string? Current(MoodleUserState user) => (_current ?? throw NotText())(user);

    public override string ToString() => Name;

    internal static MoodleField Identity(string name, int limit, Func<DesiredUser, string?> desired, Func<MoodleUserState, string?> current) =>
        new(name, FieldRole.Identity, limit, null, null, required: true, ValueRule.Text, desired, current);

    internal static MoodleField Descriptive(
        string name, int limit, BambooHrField source, BambooHrField? preferred = null, bool required = false, ValueRule rule = ValueRule.Text) =>
        new(name, FieldRole.Descriptive, limit, source, preferred, required, rule,
            d => d.Profile.GetValueOrDefault(name), m => m.Profile.GetValueOrDefault(name));

    internal static MoodleField Setting(string name, int limit, Func<DesiredUser, string?> desired, Func<MoodleUserState, string?> current) =>
        new(name, FieldRole.Setting, limit, null, null, required: true, ValueRule.Text, desired, current);

    internal static MoodleField Status(string name) =>
        new(name, FieldRole.Status, null, null, null, required: false, ValueRule.Text, null, null);

    private InvalidOperationException NotText() => new($"Moodle's {Name} is a flag, not a text field.");
}
