using System.Collections.Frozen;
using Pipeline.Contracts;

namespace Pipeline.Domain;

/// <summary>
/// The <see cref="EmployeeSnapshot"/> fields a custom profile field may be fed from, by name
/// (case-insensitive). A table, not reflection, so trimming and AOT stay safe.
/// </summary>
public static class SnapshotFields
{
    private static readonly FrozenDictionary<string, Func<EmployeeSnapshot, string?>> Accessors =
        new Dictionary<string, Func<EmployeeSnapshot, string?>>(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(EmployeeSnapshot.Id)] = s => s.Id,
            [nameof(EmployeeSnapshot.EmployeeNumber)] = s => s.EmployeeNumber,
            [nameof(EmployeeSnapshot.FirstName)] = s => s.FirstName,
            [nameof(EmployeeSnapshot.LastName)] = s => s.LastName,
            [nameof(EmployeeSnapshot.PreferredName)] = s => s.PreferredName,
            [nameof(EmployeeSnapshot.WorkEmail)] = s => s.WorkEmail,
            [nameof(EmployeeSnapshot.Status)] = s => s.Status,
            [nameof(EmployeeSnapshot.HireDate)] = s => s.HireDate,
            [nameof(EmployeeSnapshot.TerminationDate)] = s => s.TerminationDate,
            [nameof(EmployeeSnapshot.Department)] = s => s.Department,
            [nameof(EmployeeSnapshot.Division)] = s => s.Division,
            [nameof(EmployeeSnapshot.JobTitle)] = s => s.JobTitle,
            [nameof(EmployeeSnapshot.Location)] = s => s.Location,
            [nameof(EmployeeSnapshot.Country)] = s => s.Country,
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> Names => Accessors.Keys;

    public static bool IsKnown(string? name) => name is not null && Accessors.ContainsKey(name);

    /// <summary>The raw value of the named field; throws for a name <see cref="IsKnown"/> rejects.</summary>
    public static string? Read(EmployeeSnapshot snapshot, string name)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(name);
        return Accessors.TryGetValue(name, out var read)
            ? read(snapshot)
            : throw new ArgumentException($"'{name}' is not an EmployeeSnapshot field.", nameof(name));
    }
}
