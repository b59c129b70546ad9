namespace Pipeline.Sandbox.Moodle.Users;

/// <summary>
/// The sandbox's user table. One lock guards it: Moodle functions run as one transaction each, and the id
/// sequence behaves like PostgreSQL's (an id taken by a rolled-back insert is never reused).
/// </summary>
internal sealed class UserStore
{
    public const long GuestId = 1;
    public const long AdminId = 2;
    public const long NoCapabilityUserId = 3;
    public const long LimitedUserId = 4;

    private readonly SortedDictionary<long, SandboxUser> _users = [];
    private readonly TimeProvider _time;
    private long _nextId;

    public UserStore(TimeProvider time)
    {
        _time = time;
        Reset();
    }

    public Lock Sync { get; } = new();

    public long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Fresh site: guest and admin as Moodle installs them, plus the two web-service users the extra tokens belong to.</summary>
    public void Reset()
    {
        lock (Sync)
        {
            _users.Clear();
            var now = Now;
            Add(new SandboxUser { Id = GuestId, Username = "guest", FirstName = "Guest user", LastName = " ", Email = "root@localhost", IsGuest = true, TimeCreated = now });
            Add(new SandboxUser { Id = AdminId, Username = "admin", FirstName = "Admin", LastName = "User", Email = "admin@example.com", IsSiteAdmin = true, HasPassword = true, TimeCreated = now });
            Add(new SandboxUser { Id = NoCapabilityUserId, Username = "wsnocap", FirstName = "NoCap", LastName = "User", Email = "wsnocap@example.com", HasPassword = true, TimeCreated = now });
            Add(new SandboxUser { Id = LimitedUserId, Username = "wslimited", FirstName = "Limited", LastName = "User", Email = "wslimited@example.com", HasPassword = true, TimeCreated = now });
            _nextId = LimitedUserId + 1;
        }
    }

    public SandboxUser? Find(long id) => _users.GetValueOrDefault(id);

    public IEnumerable<SandboxUser> Rows => _users.Values;

    public long TakeId() => _nextId++;

    public void Add(SandboxUser user)
    {
        _users[user.Id] = user;
        _nextId = Math.Max(_nextId, user.Id + 1);
    }

    public List<SandboxUser> Snapshot()
    {
        lock (Sync)
        {
            return _users.Values.Select(u => u.Clone()).ToList();
        }
    }
}
