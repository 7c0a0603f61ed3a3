using BedrockMigrationHarness.Benchmarks.EndToEnd;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Suites;
using BenchmarkDotNet.Attributes;

namespace BedrockMigrationHarness.Benchmarks.Micro;

/// <summary>
/// One answer through JSON extraction alone, and through the whole <see cref="ResponseChecker"/> (extraction, schema
/// validation, expectations), for the example suite's classification case: a plain JSON answer and a fenced one.
/// </summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    private const string Plain = """{"category":"billing","priority":"urgent","sentiment":"negative"}""";
    private const string Fenced = "Here is the classification:\n```json\n{\"category\":\"billing\",\"priority\":\"urgent\",\"sentiment\":\"negative\"}\n```";

    private ResponseChecker _checker = null!;
    private PromptCase _case = null!;

    [GlobalSetup]
    public void Setup()
    {
        SuiteDefinition suite = BenchWorkload.Example;
        _case = suite.Cases.First(static c => c.Id == "classify-refund");
        _checker = new ResponseChecker(suite.Cases);
    }

    [Benchmark]
    public object Extract_Plain() => JsonExtractor.Extract(Plain);

    [Benchmark]
    public object Extract_Fenced() => JsonExtractor.Extract(Fenced);

    [Benchmark]
    public bool Check_Plain() => _checker.Check(_case, Plain).FormatCompliant;

    [Benchmark]
    public bool Check_Fenced() => _checker.Check(_case, Fenced).FormatCompliant;
}

/// <summary>Building the checker of a 2,000-case suite (the example's 20 cases repeated): every schema and pattern compiled.</summary>
[MemoryDiagnoser]
public class CheckerSetupBenchmarks
{
    private SuiteDefinition _suite = null!;

    [GlobalSetup]
    public void Setup() => _suite = BenchWorkload.Suite(2000, 1, 1);

    [Benchmark]
    public object Build_2000Cases() => new ResponseChecker(_suite.Cases);
}
