namespace Pipeline.Domain;

/// <summary>Column sizes of Moodle 4.5's user table, in characters (Unicode code points, as PostgreSQL counts).</summary>
public static class MoodleLimits
{
    public const int Username = 100;
    public const int FirstName = 100;
    public const int LastName = 100;
    public const int Email = 100;
    public const int IdNumber = 255;
    public const int Department = 255;
    public const int Institution = 255;
    public const int City = 120;
}
