using System.ComponentModel.DataAnnotations;

namespace Pipeline.State;

/// <summary>Bound from the "State" configuration section (environment: <c>State__TableName</c>).</summary>
public sealed class StateOptions
{
    public const string SectionName = "State";

    [Required]
    [RegularExpression("^[a-zA-Z0-9_.-]{3,255}$", ErrorMessage = "State:TableName must be a valid DynamoDB table name (3-255 of a-z, A-Z, 0-9, '_', '-', '.').")]
    public string TableName { get; set; } = "bamboohr-moodle-sync-state";

    /// <summary>How long run records and per-run outcomes are kept before DynamoDB's TTL removes them.</summary>
    [Range(1, 3650)]
    public int RunRecordTtlDays { get; set; } = 30;
}
