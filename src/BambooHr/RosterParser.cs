using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Domain.Fields;

namespace Pipeline.BambooHr;

/// <summary>
/// Reads the whole-company custom report (ids and lastChanged only) into the employees a full run publishes. Every row
/// is an employee BambooHR has, whatever its status, so each becomes an <see cref="EmployeeAction.Updated"/> change.
/// </summary>
internal static class RosterParser
{
    public const string LastChangedField = "lastChanged";

    private const string Endpoint = "reports/custom";

    /// <param name="undated">Rows without a lastChanged (kept, dated the Unix epoch: see the remark).</param>
    /// <remarks>
    /// BambooHR documents lastChanged for every employee, but a row without one must not stop the whole company's
    /// sync: dated the epoch, its snapshot is applied when the ledger has none for the employee and settled as stale
    /// when it has one (that one was applied from a dated change), and it never moves the watermark.
    /// </remarks>
    public static List<EmployeeChange> Parse(ReadOnlyMemory<byte> body, out int undated)
    {
        using var document = ResponseJson.Parse(body, Endpoint);
        var root = document.RootElement;
        var roster = new List<EmployeeChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        undated = 0;
        foreach (var (row, id) in ResponseJson.EmployeeRows(root, Endpoint))
        {
            if (!seen.Add(id))
            {
                throw ResponseJson.Invalid(Endpoint, $"employee {id} appears twice");
            }

            DateTimeOffset lastChanged;
            if (!row.TryGetProperty(LastChangedField, out var changed) || changed.ValueKind == JsonValueKind.Null
                || (changed.ValueKind == JsonValueKind.String && string.IsNullOrEmpty(changed.GetString())))
            {
                lastChanged = DateTimeOffset.UnixEpoch;
                undated++;
            }
            else if (changed.ValueKind != JsonValueKind.String || !Timestamp.TryParse(changed.GetString(), out lastChanged))
            {
                throw ResponseJson.Invalid(Endpoint, $"employee {id} has lastChanged {ChangedResponseParser.Show(changed)}; expected an ISO-8601 timestamp");
            }

            roster.Add(new EmployeeChange(id, EmployeeAction.Updated, lastChanged));
        }

        return roster;
    }
}
