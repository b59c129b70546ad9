using Pipeline.Contracts;

namespace Pipeline.Domain.Fields;

/// <summary>
/// A BambooHR employee field the sync reads (a row of <see cref="FieldTable.BambooHr"/>): its <paramref name="Name"/>
/// in BambooHR's API and custom report, its <paramref name="Label"/> on BambooHR's screens (poison messages name it, so
/// HR can find it), and the <see cref="EmployeeSnapshot"/> <paramref name="Property"/> that carries it, which
/// <c>Mapping:CustomProfileFields</c> names it by. <paramref name="Write"/> returns a copy holding the value.
/// Delegates, not reflection, so trimming and AOT stay safe.
/// </summary>
public sealed record BambooHrField(
    string Name,
    string Label,
    string Property,
    Func<EmployeeSnapshot, string?> Read,
    Func<EmployeeSnapshot, string?, EmployeeSnapshot> Write)
{
    public override string ToString() => Name;
}
