using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Emulator.Answers;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e journal --cases C --samples S --out DIR</c>: writes the journal of a C × S × 2 run without any HTTP, through the
/// real <see cref="JournalWriter"/>. Answers come from the emulator's own answer builder under the example profile
/// (schema instances, 4% fenced JSON on the candidate, 1–2% throttles that are retried), drawn from a pool of 64 per
/// case template and arm so a million answers generate in seconds; latencies are drawn per record.
/// </summary>
internal static class JournalGenerator
{
    private const int PoolSize = 64;

    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        int cases = BenchArgs.Int(args, "--cases", 2000);
        int samples = BenchArgs.Int(args, "--samples", 250);
        string directory = Path.GetFullPath(BenchArgs.String(args, "--out", $"reports/bench-{cases}x{samples}"));
        var watch = Stopwatch.StartNew();
        long lines = await WriteAsync(cases, samples, directory);
        long bytes = new FileInfo(Path.Combine(directory, JournalWriter.FileName)).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{directory}: {cases} cases × {samples} samples × 2 arms = {cases * samples * 2:N0} attempts ({lines:N0} journal lines, {bytes / 1e6:F1} MB) in {watch.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>Writes the journal into <paramref name="directory"/> (created; must not hold a journal yet). Returns the attempt lines written.</summary>
    public static async Task<long> WriteAsync(int cases, int samples, string directory)
    {
        SuiteDefinition suite = BenchWorkload.Suite(cases, samples, concurrency: 64);
        EmulatorProfile profile = EmulatorProfile.Load(Path.Combine(BenchWorkload.RepositoryRoot, "prompts", "examples", "support-tickets", "profile.yaml"));
        int templates = Math.Min(cases, BenchWorkload.Example.Cases.Length);
        var pools = new Dictionary<(int Template, Arm Arm), string[]>();
        var random = new Random(20261125);
        foreach (Arm arm in (ReadOnlySpan<Arm>)[Arm.Baseline, Arm.Candidate])
        {
            string modelId = ModelOf(suite, arm);
            for (int t = 0; t < templates; t++)
            {
                pools[(t, arm)] = Pool(suite, suite.Cases[t], modelId, profile.Models[modelId], random);
            }
        }

        Directory.CreateDirectory(directory);
        var header = new JournalHeader(JournalReader.FormatVersionFor(suite), SuiteFingerprint.Of(suite), Start, "generated:support-tickets", suite);
        long lines = 0;
        await using (JournalWriter journal = JournalWriter.Create(Path.Combine(directory, JournalWriter.FileName), header, TimeProvider.System))
        {
            var at = Start;
            for (int sample = 0; sample < samples; sample++)
            {
                for (int c = 0; c < cases; c++)
                {
                    PromptCase @case = suite.Cases[c];
                    foreach (Arm arm in (ReadOnlySpan<Arm>)[Arm.Baseline, Arm.Candidate])
                    {
                        string modelId = ModelOf(suite, arm);
                        ModelProfile model = profile.Models[modelId];
                        CallPlan plan = CallPlan.Draw(model, random, streaming: false, suite.Inference.MaxTokens);
                        int @try = 1;
                        if (plan.Error == InjectedError.Throttle)
                        {
                            journal.Append(new AttemptRecord(@case.Id, arm, sample, @try++, false, modelId, at, CallOutcome.Throttled,
                                3 + random.NextDouble(), null, null, null, null, null, null, 429, "ThrottlingException", "Too many requests, please wait before trying again."));
                            lines++;
                        }

                        string text = pools[(c % templates, arm)][random.Next(PoolSize)];
                        double latency = plan.LatencyMs + 0.3 + (random.NextDouble() * 0.4);
                        journal.Append(new AttemptRecord(@case.Id, arm, sample, @try, true, modelId, at, CallOutcome.Success,
                            latency, (long)Math.Round(plan.LatencyMs), null, 900 + (c % 300), plan.OutputTokens, "end_turn", text, 200, null, null));
                        lines++;
                        at = at.AddMilliseconds(1);
                    }
                }
            }

            await journal.CompleteAsync(new JournalEnd(at, RunStatus.Completed, null));
        }

        return lines;
    }

    private static string ModelOf(SuiteDefinition suite, Arm arm) => arm == Arm.Candidate ? suite.CandidateModelId : suite.BaselineModelId;

    /// <summary>What the emulator would answer this case, <see cref="PoolSize"/> times, faults of the profile included.</summary>
    private static string[] Pool(SuiteDefinition suite, PromptCase @case, string modelId, ModelProfile model, Random random)
    {
        var request = new ModelRequest(modelId, suite.SystemPrompt, @case.Messages, suite.Inference, false, TimeSpan.FromSeconds(60));
        ChatRequest chat = ConverseRequestReader.Read((JsonObject)JsonNode.Parse(ConverseRequestWriter.Write(request))!);
        var pool = new string[PoolSize];
        for (int i = 0; i < PoolSize; i++)
        {
            CallPlan plan = CallPlan.Draw(model, random, streaming: false, suite.Inference.MaxTokens);
            pool[i] = AnswerBuilder.Build(chat, model, plan, random).AsText;
        }

        return pool;
    }
}
