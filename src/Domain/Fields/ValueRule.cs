namespace Pipeline.Domain.Fields;

/// <summary>How the mapper turns a descriptive field's BambooHR text into its Moodle value.</summary>
public enum ValueRule
{
    /// <summary>
    /// Cleaned (<see cref="MoodleText.Clean"/>); read as markup by Moodle, it poisons the employee; too long for the column,
    /// it is cut to fit (<see cref="MoodleText.Truncate"/>) with a warning.
    /// </summary>
    Text,

    /// <summary>A country name, sent as its ISO 3166 alpha-2 code; a name the sync does not know leaves it empty, with a warning.</summary>
    CountryName,
}
