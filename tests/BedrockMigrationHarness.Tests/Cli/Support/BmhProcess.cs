using System.Diagnostics;
using System.Text;
using BedrockMigrationHarness.Cli;

namespace BedrockMigrationHarness.Tests.Cli.Support;

/// <summary>
/// `bmh` as a child process (<c>dotnet bmh.dll ...</c>, the Cli build output beside the test assembly), for what an
/// in-process run cannot show: a kill -9, and what the real process prints and sends with its own environment.
/// </summary>
internal sealed class BmhProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    private BmhProcess(Process process)
    {
        _process = process;
    }

    public string Out
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    public static BmhProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dll = typeof(BmhCommandLine).Assembly.Location;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        var bmh = new BmhProcess(process);
        process.OutputDataReceived += (_, e) => Append(bmh._out, e.Data);
        process.ErrorDataReceived += (_, e) => Append(bmh._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bmh;
    }

    /// <summary>Waits for the process to end; kills it and fails when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"bmh did not finish within {timeout}.\nstdout:\n{Out}\nstderr:\n{Error}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="what"/> and the output when <paramref name="bound"/> passes first.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"no {what} within {bound}:\n{Out}\n{Error}");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>SIGKILL to the process and its children: no handler runs, nothing is flushed.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }
}
