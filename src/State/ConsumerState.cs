namespace Pipeline.State;

/// <summary>What a consumer is doing, as it last told the state table.</summary>
public enum ConsumerState
{
    /// <summary>Taking messages.</summary>
    Running,

    /// <summary>Moodle is down: holding its messages and probing until Moodle answers, then it goes on by itself.</summary>
    Paused,

    /// <summary>Stopped for good (a refused token, missing permissions): an operator must fix the cause and restart it.</summary>
    Halted,
}
