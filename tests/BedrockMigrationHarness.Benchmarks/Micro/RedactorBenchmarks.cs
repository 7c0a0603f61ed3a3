using System.Text;
using BedrockMigrationHarness.Import;
using BenchmarkDotNet.Attributes;

namespace BedrockMigrationHarness.Benchmarks.Micro;

/// <summary>
/// <see cref="Redactor.Redact"/> over about 10 MB of log-like text: support-ticket prose with dates, ids, versions,
/// prices and times on every line (the shapes the detectors must leave alone) and one planted secret or personal value
/// in every fourth line. The throughput that docs cite is 10 MB divided by the mean.
/// </summary>
[MemoryDiagnoser]
public class RedactorBenchmarks
{
    /// <summary>The text's size in UTF-16 characters (all ASCII, so also its size in bytes as UTF-8).</summary>
    public const int Size = 10 * 1024 * 1024;

    private static readonly string[] Planted =
    [
        "Reach me at jane.doe@example.com.",
        "Call +1 (555) 123-4567 after 5.",
        "Card 4111 1111 1111 1111 was charged.",
        "IBAN DE89 3704 0044 0532 0130 00 on file.",
        "Key AKIAIOSFODNN7EXAMPLE leaked.",
        "From 192.168.10.20 the request came.",
        "SSN 123-45-6789 given.",
    ];

    private string _text = "";

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder(Size + 200);
        for (int line = 0; text.Length < Size; line++)
        {
            text.Append("Ticket A-").Append(1000 + (line % 9000)).Append(" opened 2025-03-11T09:15:30Z by the customer about order ")
                .Append(100_000 + line).Append(": the app v2.4.1 shows EUR 1234.50 instead of 99.90 since 11.03.2025, request ")
                .Append("123e4567-e89b-12d3-a456-426614174000. ");
            if (line % 4 == 0)
            {
                text.Append(Planted[line / 4 % Planted.Length]);
            }

            text.Append('\n');
        }

        _text = text.ToString(0, Size);
    }

    [Benchmark]
    public int Redact_10MB() => new Redactor().Redact(_text).Length;
}
