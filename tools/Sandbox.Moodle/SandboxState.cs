using System.Security.Cryptography;
using Pipeline.Sandbox.Moodle.Faults;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle;

/// <summary>Everything the sandbox holds at run time.</summary>
internal sealed class SandboxState
{
    private readonly Dictionary<long, string> _privateKeys = [];
    private volatile bool _debug;

    public SandboxState(MoodleSandboxOptions options)
    {
        Options = options;
        Store = new UserStore(options.TimeProvider);
        Cohorts = new Cohorts.CohortStore();
        Faults = new FaultState(options.Faults);
        Stats = new SandboxStats(options.MaxRecordedRequests);
        _debug = options.Debug;
    }

    public MoodleSandboxOptions Options { get; }
    public UserStore Store { get; }

    /// <summary>Guarded by <see cref="UserStore.Sync"/>, like the users.</summary>
    public Cohorts.CohortStore Cohorts { get; }
    public FaultState Faults { get; }
    public SandboxStats Stats { get; }

    public bool Debug
    {
        get => _debug;
        set => _debug = value;
    }

    public string PrivateKeyOf(long userId)
    {
        lock (_privateKeys)
        {
            if (!_privateKeys.TryGetValue(userId, out var key))
            {
                key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                _privateKeys[userId] = key;
            }

            return key;
        }
    }

    public void Reset()
    {
        Store.Reset();
        lock (Store.Sync)
        {
            Cohorts.Reset();
        }

        Stats.Reset();
    }
}
