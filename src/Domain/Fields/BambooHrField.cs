using Pipeline.Contracts;

namespace Pipeline.Domain.Fields;

/// <summary>
/// A BambooHR employee field the sync reads (a row of <see cref="FieldTable.BambooHr"/>): its name in BambooHR's API
/// and custom report, its label on BambooHR's screens (poison messages name it, so HR can find it), and the
/// <see cref="EmployeeSnapshot"/> property that carries it. Delegates, not reflection, so trimming and AOT stay safe.
/// </summary>
public sealed class BambooHrField
{
    private readonly Func<EmployeeSnapshot, string?> _read;
    private readonly Func<EmployeeSnapshot, string?, EmployeeSnapshot> _write;

    internal BambooHrField(
        string name, string label, string property, Func<EmployeeSnapshot, string?> read, Func<EmployeeSnapshot, string?, EmployeeSnapshot> write)
    {
        Name = name;
        Label = label;
        Property = property;
        _read = read;
        _write = write;
    }

    /// <summary>As BambooHR's API spells it: the custom report asks for it and answers with it.</summary>
    public string Name { get; }

    /// <summary>As BambooHR's screens show it.</summary>
    public string Label { get; }

    /// <summary>The <see cref="EmployeeSnapshot"/> property; <c>Mapping:CustomProfileFields</c> names fields by it.</summary>
    public string Property { get; }

    public string? Read(EmployeeSnapshot snapshot) => _read(snapshot);

    /// <summary>A copy of <paramref name="snapshot"/> holding <paramref name="value"/> in this field.</summary>
    public EmployeeSnapshot Write(EmployeeSnapshot snapshot, string? value) => _write(snapshot, value);

    public override string ToString() => Name;
}
