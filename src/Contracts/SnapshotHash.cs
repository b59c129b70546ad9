using System.Security.Cryptography;
using System.Text.Json;

namespace Pipeline.Contracts;

/// <summary>
/// Content hash of a snapshot. The source-generated serializer writes properties in declaration
/// order, so the same snapshot always hashes the same on every host.
/// </summary>
public static class SnapshotHash
{
    public static string Compute(EmployeeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(snapshot, ContractsJsonContext.Default.EmployeeSnapshot);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
