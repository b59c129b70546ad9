namespace Pipeline.Domain;

/// <summary>
/// One Moodle field to change, by Moodle's field name (a row of <see cref="Fields.FieldTable.Moodle"/>, or
/// "customfield:" and a shortname). Null means empty (send ""). suspended is "0"/"1". Old and New hold personal
/// data: never log them, log Field only.
/// </summary>
public sealed record FieldChange(string Field, string? Old, string? New);
