namespace BedrockMigrationHarness.Tests.Support;

/// <summary>Reads a journal another process is writing, as a test waits for the moment to kill it.</summary>
internal static class LiveJournal
{
    /// <summary>Complete lines of the journal at <paramref name="path"/> that <paramref name="matches"/>; 0 while the file does not exist.</summary>
    public static int CountLines(string path, Func<string, bool> matches)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            count += line.EndsWith('}') && matches(line) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Complete attempt lines.</summary>
    public static int Attempts(string path) => CountLines(path, static line => line.StartsWith("{\"attempt\"", StringComparison.Ordinal));
}
