namespace Pipeline.Contracts;

/// <summary>The change BambooHR's changed-since endpoint reports for one employee.</summary>
public enum EmployeeAction
{
    Inserted,
    Updated,
    Deleted,
}
