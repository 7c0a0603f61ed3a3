using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BedrockMigrationHarness.Tests.Bedrock.Support;

/// <summary>A request exactly as it arrived: request line, headers in order, body bytes.</summary>
internal sealed record RecordedRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string Path => Target.Split('?', 2)[0];

    public string Query => Target.Contains('?', StringComparison.Ordinal) ? Target.Split('?', 2)[1] : string.Empty;

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The value of the header named <paramref name="name"/> (any case), or null.</summary>
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}

/// <summary>What the server does after reading a request.</summary>
internal enum ServerBehavior
{
    /// <summary>Answer with the canned response and close.</summary>
    Answer,
    /// <summary>Never answer (until the server is disposed).</summary>
    NeverAnswer,
    /// <summary>Reset the connection (TCP RST) without answering.</summary>
    Reset,
    /// <summary>Send the headers and half of the body, then reset.</summary>
    TruncateBody,
    /// <summary>Send the headers without a Content-Length, then the body over and over until the client goes away.</summary>
    EndlessBody,
}

/// <summary>A canned wire response.</summary>
internal sealed record CannedResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, ServerBehavior Behavior = ServerBehavior.Answer)
{
    public static CannedResponse Json(int status, string json, params (string Name, string Value)[] headers) =>
        new(status, [new("Content-Type", "application/json"), .. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))], Encoding.UTF8.GetBytes(json));

    public static CannedResponse EventStream(byte[] body) =>
        new(200, [new("Content-Type", "application/vnd.amazon.eventstream")], body);

    public static CannedResponse Behaving(ServerBehavior behavior) => new(200, [], [], behavior);
}

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 over <see cref="TcpListener"/>: records each request byte for byte (the request
/// target stays percent-encoded as sent) and answers one canned response per connection, then closes it.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<RecordedRequest, CannedResponse> _respond;
    private readonly Task _acceptLoop;

    public RawHttpServer(Func<RecordedRequest, CannedResponse> respond)
    {
        _respond = respond;
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoop = AcceptLoopAsync();
    }

    public RawHttpServer(CannedResponse response)
        : this(_ => response)
    {
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public RecordedRequest SingleRequest => Requests.Count == 1
        ? Requests.Single()
        : throw new InvalidOperationException($"Expected one request, got {Requests.Count}.");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                Requests.Enqueue(request);
                var response = _respond(request);
                switch (response.Behavior)
                {
                    case ServerBehavior.NeverAnswer:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        break;
                    case ServerBehavior.Reset:
                        Reset(client);
                        break;
                    case ServerBehavior.TruncateBody:
                        await stream.WriteAsync(Head(response), _stop.Token);
                        await stream.WriteAsync(response.Body.AsMemory(0, response.Body.Length / 2), _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                        Reset(client);
                        break;
                    case ServerBehavior.EndlessBody:
                        await stream.WriteAsync(Head(response, contentLength: false), _stop.Token);
                        while (true)
                        {
                            await stream.WriteAsync(response.Body, _stop.Token);
                        }

                    default:
                        await stream.WriteAsync(Head(response), _stop.Token);
                        await stream.WriteAsync(response.Body, _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                        break;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private static void Reset(TcpClient client)
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    private static byte[] Head(CannedResponse response, bool contentLength = true)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {ReasonPhrase(response.Status)}\r\n");
        foreach (var (name, value) in response.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (contentLength)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        424 => "Failed Dependency",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private static async Task<RecordedRequest> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var count = await stream.ReadAsync(buffer, cancellationToken);
            if (count == 0)
            {
                throw new IOException("The client closed the connection before the request headers ended.");
            }

            received.AddRange(buffer.AsSpan(0, count));
        }

        var lines = Encoding.Latin1.GetString([.. received.Take(headerEnd)]).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => new KeyValuePair<string, string>(parts[0], parts[1].Trim()))
            .ToList();
        var contentLength = headers
            .Where(h => string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h.Value, CultureInfo.InvariantCulture))
            .FirstOrDefault();

        var body = received.Skip(headerEnd + 4).ToList();
        while (body.Count < contentLength)
        {
            var count = await stream.ReadAsync(buffer, cancellationToken);
            if (count == 0)
            {
                throw new IOException("The client closed the connection before the request body ended.");
            }

            body.AddRange(buffer.AsSpan(0, count));
        }

        return new RecordedRequest(requestLine[0], requestLine[1], headers, [.. body]);
    }

    private static int IndexOfHeaderEnd(List<byte> received)
    {
        for (var i = 0; i + 3 < received.Count; i++)
        {
            if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
