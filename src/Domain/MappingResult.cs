using System.Diagnostics.CodeAnalysis;

namespace Pipeline.Domain;

/// <summary>The outcome of mapping one snapshot: a <see cref="DesiredUser"/>, or a poison reason.</summary>
public sealed class MappingResult
{
    private MappingResult(
        string employeeId, DesiredUser? user, string? poisonCode, string? poisonMessage,
        IReadOnlyList<MappingWarning> warnings, string? leaverIdNumber)
    {
        EmployeeId = employeeId;
        User = user;
        PoisonCode = poisonCode;
        PoisonMessage = poisonMessage;
        Warnings = warnings;
        LeaverIdNumber = leaverIdNumber;
    }

    public string EmployeeId { get; }

    public DesiredUser? User { get; }

    public string? PoisonCode { get; }

    /// <summary>Names the employee id, the field and the fix; never the personal value itself.</summary>
    public string? PoisonMessage { get; }

    public IReadOnlyList<MappingWarning> Warnings { get; }

    /// <summary>
    /// Set only on a poisoned leaver whose idnumber is still known. HR often clears a leaver's work
    /// e-mail; that must not keep the leaver's Moodle account active, so the reconciler can still
    /// suspend a user linked by this idnumber.
    /// </summary>
    public string? LeaverIdNumber { get; }

    [MemberNotNullWhen(true, nameof(PoisonCode), nameof(PoisonMessage))]
    [MemberNotNullWhen(false, nameof(User))]
    public bool IsPoison => PoisonCode is not null;

    public static MappingResult Success(string employeeId, DesiredUser user, IReadOnlyList<MappingWarning>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(employeeId);
        ArgumentNullException.ThrowIfNull(user);
        return new(employeeId, user, null, null, warnings ?? [], null);
    }

    public static MappingResult Poison(string employeeId, string code, string message, string? leaverIdNumber = null)
    {
        ArgumentNullException.ThrowIfNull(employeeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new(employeeId, null, code, message, [], string.IsNullOrEmpty(leaverIdNumber) ? null : leaverIdNumber);
    }
}
