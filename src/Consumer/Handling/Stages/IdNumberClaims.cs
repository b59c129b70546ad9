using Pipeline.Domain;
using Pipeline.Domain.Fields;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>
/// The idnumbers a batch's writes would give out: each create, and each update that links an account. Two employees
/// of one batch claiming the same idnumber (only possible with Mapping:IdNumberSource=EmployeeNumber and an employee
/// number BambooHR holds twice) would leave two accounts holding it, which Moodle accepts: both are poison
/// (idnumber_duplicate) and neither is written. The lookup already kept every claim from an idnumber an account holds.
/// </summary>
internal static class IdNumberClaims
{
    /// <summary>The decisions without the clashing claims, and the clashing employees as poison.</summary>
    public static Decisions WithoutClashes(Decisions decisions)
    {
        var claims = decisions.Creates.Select(c => (c.Delivery, IdNumber: (string?)c.Decision.User.IdNumber))
            .Concat(decisions.Updates.Select(u => (u.Delivery, IdNumber: Linked(u.Decision))))
            .Where(c => !string.IsNullOrEmpty(c.IdNumber))
            .GroupBy(c => c.IdNumber!, StringComparer.Ordinal)
            .Where(g => g.Select(c => c.Delivery.EmployeeId).Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        if (claims.Count == 0)
        {
            return decisions;
        }

        var clashing = new Dictionary<string, string>(StringComparer.Ordinal); // by employee id: one fresh delivery each
        foreach (var claim in claims)
        {
            var employees = claim.Select(c => c.Delivery.EmployeeId).Order(StringComparer.Ordinal).ToList();
            foreach (var (delivery, _) in claim)
            {
                clashing[delivery.EmployeeId] =
                    $"Employee {delivery.EmployeeId}: employees {string.Join(", ", employees)} would all get the same Moodle idnumber " +
                    "(Mapping:IdNumberSource is EmployeeNumber and BambooHR holds their employee number more than once). " +
                    "Give each employee its own employee number in BambooHR, then replay them from the DLQ.";
            }
        }

        return decisions with
        {
            Creates = [.. decisions.Creates.Where(c => !clashing.ContainsKey(c.Delivery.EmployeeId))],
            Updates = [.. decisions.Updates.Where(u => !clashing.ContainsKey(u.Delivery.EmployeeId))],
            Poison =
            [
                .. decisions.Poison,
                .. decisions.Creates.Select(c => (c.Delivery, c.Candidate)).Concat(decisions.Updates.Select(u => (u.Delivery, u.Candidate)))
                    .Where(d => clashing.ContainsKey(d.Delivery.EmployeeId))
                    .Select(d => new Decided<Decision.Poison>(d.Delivery, d.Candidate, new Decision.Poison(PoisonCodes.IdNumberDuplicate, clashing[d.Delivery.EmployeeId]))),
            ],
        };
    }

    private static string? Linked(Decision.Update update) =>
        update.Changes.FirstOrDefault(c => string.Equals(c.Field, FieldTable.Moodle.IdNumber.Name, StringComparison.Ordinal))?.New;
}
