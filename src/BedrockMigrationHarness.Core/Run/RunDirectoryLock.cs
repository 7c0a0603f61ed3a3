using System.Globalization;
using BedrockMigrationHarness.Execution;

namespace BedrockMigrationHarness.Run;

/// <summary>
/// One process per run directory: an exclusive operating-system lock on <c>.bmh.lock</c> (on Linux and macOS an
/// <c>flock</c>, on Windows a share-none handle), held for the run and released by the kernel when the process ends,
/// however it ends (kill -9 included), so a stale lock never needs cleaning up. Two processes appending to one journal
/// would interleave its lines and send the same attempts twice. The holder's pid and start time are written beside
/// it (<c>.bmh.lock.owner</c>) for the message the second process prints.
/// </summary>
internal sealed class RunDirectoryLock : IDisposable
{
    public const string FileName = ".bmh.lock";
    public const string OwnerFileName = ".bmh.lock.owner";

    private readonly FileStream _handle;

    private RunDirectoryLock(FileStream handle) => _handle = handle;

    /// <summary>Takes the lock of <paramref name="directory"/> (which must exist).</summary>
    /// <exception cref="RunSetupException">Another process holds it; the message names its pid.</exception>
    /// <exception cref="AttemptSinkException">The directory cannot be written (read-only, no permission).</exception>
    public static RunDirectoryLock Acquire(string directory, TimeProvider time, Func<string, string> display)
    {
        var path = Path.Combine(directory, FileName);
        var owner = Path.Combine(directory, OwnerFileName);
        FileStream handle;
        try
        {
            handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new RunSetupException(
                $"{display(directory)} is in use by another bmh process ({Holder(owner)}). Wait for it to finish or stop it; " +
                "two runs writing one journal would destroy it.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AttemptSinkException($"{display(directory)}: the run directory cannot be written: {e.Message}", e);
        }

        try
        {
            File.WriteAllText(owner, string.Create(CultureInfo.InvariantCulture,
                $"pid {Environment.ProcessId} on {Environment.MachineName}, since {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The owner file is only for the message; the lock itself holds.
        }

        return new RunDirectoryLock(handle);
    }

    private static string Holder(string ownerFile)
    {
        try
        {
            var text = File.ReadAllText(ownerFile).Trim();
            return text.Length is > 0 and < 200 ? text : "pid unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "pid unknown";
        }
    }

    public void Dispose() => _handle.Dispose();
}
