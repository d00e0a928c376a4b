namespace Streaming.TestSupport;

/// <summary>The repository's folder (the one holding Streaming.sln), found from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Streaming.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Streaming.sln above {AppContext.BaseDirectory}.");
    }
}
