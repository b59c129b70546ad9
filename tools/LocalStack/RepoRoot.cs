namespace Pipeline.LocalStack;

/// <summary>Finds the repository root (the directory holding Pipeline.sln) above the running assembly or the working directory.</summary>
public static class RepoRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"No Pipeline.sln above {AppContext.BaseDirectory}; run from inside the repository.");
    }
}
