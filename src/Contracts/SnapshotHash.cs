using System.Security.Cryptography;

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
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(ThreadJsonBuffer.Write(snapshot, ContractsJsonContext.Default.EmployeeSnapshot), hash);
        return Convert.ToHexStringLower(hash);
    }
}
