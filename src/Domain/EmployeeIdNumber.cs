using Pipeline.Contracts;
using BambooHr = Pipeline.Domain.Fields.FieldTable.BambooHr;

namespace Pipeline.Domain;

/// <summary>
/// The Moodle idnumber an employee is linked by. One place, because the mapper writes it and the orphan audit must
/// recognise exactly the same values in Moodle.
/// </summary>
public static class EmployeeIdNumber
{
    /// <summary>Null when <paramref name="source"/> is EmployeeNumber and BambooHR has none for this employee.</summary>
    public static string? Of(EmployeeSnapshot snapshot, IdNumberSource source)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return source == IdNumberSource.EmployeeNumber ? MoodleText.Clean(BambooHr.EmployeeNumber.Read(snapshot)) : snapshot.Id;
    }
}
