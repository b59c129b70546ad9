namespace Pipeline.Chaos.Stack;

/// <summary>Distinctive secret values, so the log scan cannot mistake anything else for them.</summary>
public sealed record ChaosSecrets(string MoodleToken, string BambooKey)
{
    public static ChaosSecrets New()
    {
        var salt = Guid.NewGuid().ToString("N");
        return new ChaosSecrets("chaosMoodleTok" + salt[..20], "chaosBambooKey" + salt[12..32]);
    }
}
