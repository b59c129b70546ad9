using System.Globalization;
using Pipeline.Contracts;
using Pipeline.Domain.Fields;

namespace Pipeline.Domain;

/// <summary>
/// Decides what to do in Moodle for one employee, from the mapped desired user and the matched Moodle
/// user. Deciding again after the decision was applied always yields NoChange, which is what makes a
/// redelivered message harmless.
/// </summary>
public static class Reconciler
{
    /// <param name="mapping">Null only for a Deleted employee (BambooHR sends no snapshot).</param>
    /// <param name="match">For a Deleted or poisoned leaver, only a match by idnumber is acted on.</param>
    /// <param name="employeeId">Used in messages when there is no mapping to take it from.</param>
    public static Decision Decide(EmployeeAction action, MappingResult? mapping, MatchResult match, string? employeeId = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var who = mapping?.EmployeeId ?? employeeId ?? "(unknown)";

        if (mapping is null)
        {
            return action == EmployeeAction.Deleted
                ? SuspendByIdNumber(who, match)
                : new Decision.Poison(PoisonCodes.MissingSnapshot,
                    $"Employee {who}: the {action} message carries no snapshot. Re-run the sync for this employee.");
        }

        if (mapping.IsPoison)
        {
            // A leaver whose data went bad (typically a cleared work e-mail) must still lose access.
            // Not found by idnumber at all: nothing to suspend, and parking it would only be noise.
            return mapping.LeaverIdNumber is not null && match is MatchResult.Found { LinkedBy: MatchLink.IdNumber } or MatchResult.None
                ? SuspendByIdNumber(who, match)
                : new Decision.Poison(mapping.PoisonCode, mapping.PoisonMessage);
        }

        var desired = mapping.User;
        var leaver = desired.IsLeaver || action == EmployeeAction.Deleted;
        return match switch
        {
            MatchResult.IdNumberDuplicate d => IdNumberDuplicatePoison(who, d),
            MatchResult.Ambiguous a => AmbiguousPoison(who, a),
            MatchResult.Conflict c => ConflictPoison(who, c),
            MatchResult.UsernameTaken t => UsernameTakenPoison(who, desired.Username, t),
            MatchResult.Found f => leaver ? SuspendFound(f, desired.IdNumber) : UpdateFound(f, desired),
            _ when leaver => new Decision.NoChange(NoChangeReasons.LeaverNotInMoodle),
            // A future joiner waits for Mapping:CreateDaysBeforeHire; the producer publishes them again on the day.
            _ when desired.CreateFrom is not null => new Decision.NoChange(NoChangeReasons.BeforeHire),
            _ => new Decision.Create(desired),
        };
    }

    private static Decision SuspendByIdNumber(string who, MatchResult match) => match switch
    {
        MatchResult.Found { LinkedBy: MatchLink.IdNumber } f => SuspendFound(f, f.User.IdNumber ?? string.Empty),
        MatchResult.IdNumberDuplicate d => IdNumberDuplicatePoison(who, d),
        MatchResult.Ambiguous a => AmbiguousPoison(who, a),
        // Without a snapshot an e-mail or username match cannot be confirmed as this employee.
        _ => new Decision.NoChange(NoChangeReasons.LeaverNotInMoodle),
    };

    // A leaver keeps the rest of its profile as it was: only suspend, and link the account if found otherwise.
    private static Decision SuspendFound(MatchResult.Found found, string idNumber)
    {
        var user = found.User;
        var changes = new List<FieldChange>();
        if (found.LinkedBy != MatchLink.IdNumber)
        {
            changes.Add(new FieldChange(FieldTable.Moodle.IdNumber.Name, Empty(user.IdNumber), idNumber));
        }

        if (!user.Suspended)
        {
            changes.Add(Suspended(false, true));
            return new Decision.Update(user.Id, changes, DecisionKind.Suspended);
        }

        return changes.Count == 0
            ? new Decision.NoChange(NoChangeReasons.AlreadySuspended)
            : new Decision.Update(user.Id, changes, DecisionKind.Updated);
    }

    private static Decision UpdateFound(MatchResult.Found found, DesiredUser desired)
    {
        var user = found.User;
        var changes = new List<FieldChange>();
        if (found.LinkedBy != MatchLink.IdNumber)
        {
            changes.Add(new FieldChange(FieldTable.Moodle.IdNumber.Name, Empty(user.IdNumber), desired.IdNumber));
        }

        // A change of case only is still applied: the e-mail is shown and used as the person wrote it.
        foreach (var field in FieldTable.Moodle.KeptInStep)
        {
            Compare(changes, field.Name, field.Current(user), field.Desired(desired));
        }

        foreach (var (shortname, value) in desired.CustomFields)
        {
            Compare(changes, FieldTable.Moodle.CustomField(shortname), user.CustomFields.GetValueOrDefault(shortname), value);
        }

        var kind = DecisionKind.Updated;
        if (user.Suspended)
        {
            changes.Add(Suspended(true, false));
            kind = DecisionKind.Reactivated;
        }

        return changes.Count == 0
            ? new Decision.NoChange(NoChangeReasons.UpToDate)
            : new Decision.Update(user.Id, changes, kind);
    }

    private static void Compare(List<FieldChange> changes, string field, string? current, string? desired)
    {
        var old = Empty(current);
        var @new = Empty(desired);
        if (!string.Equals(old, @new, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange(field, old, @new));
        }
    }

    private static FieldChange Suspended(bool old, bool @new) =>
        new(FieldTable.Moodle.Suspended.Name, old ? "1" : "0", @new ? "1" : "0");

    // Moodle stores an empty field as ""; we compare and report it as null.
    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static Decision.Poison AmbiguousPoison(string who, MatchResult.Ambiguous a) =>
        new(PoisonCodes.AmbiguousMatch,
            $"Employee {who}: Moodle users {Join(a.UserIds)} all match this employee's e-mail or username. " +
            "In Moodle, merge or rename them so only one remains, or set this employee's idnumber on the right one, then replay from the DLQ.");

    private static Decision.Poison IdNumberDuplicatePoison(string who, MatchResult.IdNumberDuplicate d) =>
        new(PoisonCodes.IdNumberDuplicate,
            $"Employee {who}: Moodle users {Join(d.UserIds)} all hold this employee's idnumber (Moodle does not keep idnumbers unique). " +
            "In Moodle, clear the idnumber of every account but this employee's (merge or suspend the others if they are the same person), then replay from the DLQ.");

    private static string Join(IEnumerable<long> ids) => string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static Decision.Poison ConflictPoison(string who, MatchResult.Conflict c) =>
        new(PoisonCodes.IdNumberConflict,
            $"Employee {who}: Moodle user {c.UserId.ToString(CultureInfo.InvariantCulture)} has this employee's {(c.FoundBy == MatchLink.Email ? "e-mail" : "username")} but is linked to another employee (a different idnumber). " +
            "Check in Moodle which person the account belongs to; fix the e-mail in BambooHR or the idnumber in Moodle, then replay from the DLQ.");

    // The username may be named: it is what the admin searches for in Moodle (the DLQ reason is not a log line).
    private static Decision.Poison UsernameTakenPoison(string who, string username, MatchResult.UsernameTaken t) =>
        new(PoisonCodes.UsernameTaken,
            $"Employee {who}: the username '{username}', cleaned from the work e-mail as Moodle cleans usernames, belongs to Moodle user {t.UserId.ToString(CultureInfo.InvariantCulture)}, which has another e-mail and is not linked to this employee. " +
            "If it is this person's account, set the employee's idnumber on it in Moodle; otherwise rename one of the usernames in Moodle. Then replay from the DLQ.");
}
