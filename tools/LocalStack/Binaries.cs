namespace Pipeline.LocalStack;

/// <summary>
/// Where the processes the harness runs were built: each project's own output folder, whose deps.json matches it (a
/// copy next to a test would resolve its dependencies against the test's deps.json and fail to start).
/// </summary>
public static class Binaries
{
    /// <summary>The configuration this harness was built in, looked in first; the other one is tried after it.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>The <c>pipeline</c> CLI (producer and operator commands).</summary>
    public static string Producer() => Locate("src/Producer", "pipeline");

    public static string BambooHrSandbox() => Locate("tools/Sandbox.BambooHr", "Pipeline.Sandbox.BambooHr");

    public static string MoodleSandbox() => Locate("tools/Sandbox.Moodle", "Pipeline.Sandbox.Moodle");

    /// <summary>PROJECT/bin/CONFIGURATION/net10.0/ASSEMBLY.dll with its runtimeconfig, this configuration first.</summary>
    public static string Locate(string project, string assembly)
    {
        var root = RepoRoot.Find();
        var order = Configuration == "Release" ? new[] { "Release", "Debug" } : ["Debug", "Release"];
        var candidates = order.Select(c => Path.Combine(root, project, "bin", c, "net10.0", assembly + ".dll")).ToList();
        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new InvalidOperationException($"No runnable {assembly}.dll in: {string.Join(", ", candidates)}. Build {project} first.");
    }
}
