using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>
/// Runs Debian's headless Chromium on a local file, as a person's browser would open a report, with every
/// network request routed to a local trap proxy: <see cref="Result.NetworkRequests"/> lists the hosts the page
/// tried to reach (a self-contained report reaches none). Chromium's own service calls (time, updates, accounts)
/// are told apart by host and not counted. Time-boxed; skipped only when Chromium is absent.
/// </summary>
internal static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Hosts headless Chromium calls by itself, whatever page it shows (seen through the trap).</summary>
    private static readonly HashSet<string> BrowserServiceHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "clients2.google.com", "update.googleapis.com", "accounts.google.com", "optimizationguide-pa.googleapis.com",
        "safebrowsing.googleapis.com", "clientservices.googleapis.com", "redirector.gvt1.com", "edgedl.me.gvt1.com",
    };

    /// <param name="Output">What Chromium printed (the DOM, with --dump-dom).</param>
    /// <param name="NetworkRequests">Request lines the page sent (through the trap proxy), browser service calls left out.</param>
    public sealed record Result(string Output, IReadOnlyList<string> NetworkRequests);

    public static void RequireInstalled()
    {
        if (!File.Exists(Path))
        {
            Assert.Ignore($"{Path} is not installed (apt-get install -y chromium; .ci/run installs it).");
        }
    }

    public static Result Open(string file, params string[] extra)
    {
        using var trap = new TcpListener(IPAddress.Loopback, 0);
        trap.Start();
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var accepting = AcceptAllAsync(trap, requests);
        var profile = Directory.CreateTempSubdirectory("bmh-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var port = ((IPEndPoint)trap.LocalEndpoint).Port;
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                         $"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>",
                     }.Concat(extra))
            {
                start.ArgumentList.Add(arg);
            }

            start.ArgumentList.Add(new Uri(file).AbsoluteUri);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish within {Timeout.TotalSeconds} s.");
            }

            Assert.That(process.ExitCode, Is.Zero, () => "Chromium failed: " + stderr.Result);
            return new Result(stdout.Result, [.. requests]);
        }
        finally
        {
            trap.Stop();
            _ = accepting;
            Directory.Delete(profile, recursive: true);
        }
    }

    private static async Task AcceptAllAsync(TcpListener listener, System.Collections.Concurrent.ConcurrentQueue<string> requests)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                using var reader = new StreamReader(client.GetStream());
                var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)) ?? "";
                // A connection closed before its request line (a speculative preconnect under load) loaded nothing.
                if (line.Length > 0 && !BrowserServiceHosts.Contains(HostOf(line)))
                {
                    requests.Enqueue(line);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            // The trap was stopped.
        }
    }

    /// <summary>The host of a proxy request line: "CONNECT host:443 HTTP/1.1" or "GET http://host/path HTTP/1.1".</summary>
    private static string HostOf(string requestLine)
    {
        var parts = requestLine.Split(' ');
        if (parts.Length < 2)
        {
            return "";
        }

        var target = parts[1];
        var uri = Uri.TryCreate(target.Contains("://", StringComparison.Ordinal) ? target : "https://" + target, UriKind.Absolute, out var u) ? u : null;
        return uri?.Host ?? "";
    }
}
