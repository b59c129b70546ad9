namespace Pipeline.Moodle;

/// <summary>Moodle's REST web services, the user functions the sync needs. Every failure is a <see cref="MoodleException"/>.</summary>
public interface IMoodleClient
{
    Task<MoodleSiteInfo> GetSiteInfoAsync(CancellationToken ct);

    /// <summary>Users whose <paramref name="field"/> (id, idnumber, username, email) equals one of the values, sorted by id.
    /// Values with no match are simply absent; email matches case-sensitively.</summary>
    Task<IReadOnlyList<MoodleUser>> GetUsersByFieldAsync(string field, IReadOnlyCollection<string> values, CancellationToken ct);

    /// <summary>
    /// core_user_get_users: users matching every criterion (each key at most once). Moodle compares <c>email</c>,
    /// <c>firstname</c> and <c>lastname</c> with a case-insensitive SQL LIKE, so <c>_</c> and <c>%</c> in a value are
    /// wildcards: callers that want equality must filter the answer. An unsupported key is ignored (a warning).
    /// </summary>
    Task<IReadOnlyList<MoodleUser>> GetUsersAsync(IReadOnlyDictionary<string, string> criteria, CancellationToken ct);

    /// <summary>All or nothing: one refused user fails the call (<see cref="MoodleErrorKind.InvalidRecord"/>) and nothing is created.
    /// Not retried: after a Transient failure the caller must re-read to learn whether the users exist.</summary>
    Task<IReadOnlyList<CreatedUser>> CreateUsersAsync(IReadOnlyList<NewMoodleUser> users, CancellationToken ct);

    /// <summary>Per user: refused users come back as warnings, the others are saved. Not retried.</summary>
    Task<IReadOnlyList<MoodleWarning>> UpdateUsersAsync(IReadOnlyList<MoodleUserUpdate> updates, CancellationToken ct);
}
