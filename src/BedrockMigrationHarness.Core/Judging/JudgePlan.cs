using System.Collections.Immutable;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Judging;

/// <summary>The judge phase as planned: the pairs judged, the calls of them already settled, and the calls to send.</summary>
/// <param name="Cases">Cases with at least one such pair.</param>
/// <param name="Pairs">Pairs (case, sample, candidate) with both answers, the ones already judged included.</param>
/// <param name="AlreadySettled">Judge calls on those pairs that the journal already holds.</param>
/// <param name="Remaining">The judge calls to send, the two orders of a pair side by side.</param>
internal sealed record JudgeCalls(int Cases, int Pairs, int AlreadySettled, RunPlan Remaining)
{
    /// <summary>Every judge call on the pairs: two per pair, one per order.</summary>
    public int Total => Pairs * 2;
}

/// <summary>
/// The judge's calls of a run or shard, from the journal's records. Fed every record kept (<see cref="Keep"/>, from the
/// resumed journal and then as the model calls settle), it holds only what the judge will read: the final answer of each
/// arm it compares, for the cases it applies to in the shard, on pairs it has still to judge. A pair is complete when the
/// candidate's final try is a success and so is the baseline's (<see cref="JudgeMode.Pairwise"/>), or the case has a
/// reference (<see cref="JudgeMode.Reference"/>); with several candidates each candidate makes its own pair with the same
/// other answer, and the judge's calls carry the candidate's index. Each complete pair gets two calls, (case, <see cref="Arm.JudgeCandidateSecond"/>,
/// sample) with the other answer as A and the candidate's as B, and (case, <see cref="Arm.JudgeCandidateFirst"/>, sample)
/// the other way round, less the calls already settled. Safe to feed from several threads.
/// </summary>
internal sealed class JudgePlan
{
    private readonly SuiteDefinition _suite;
    private readonly JudgeSettings _judge;
    private readonly IReadOnlySet<AttemptKey> _settled;
    private readonly ImmutableArray<PromptCase> _cases;
    private readonly HashSet<string> _caseIds;
    private readonly Dictionary<AttemptKey, JudgedAnswer?> _answers = [];
    private readonly Lock _gate = new();

    /// <param name="suite">The suite as run; it must have a <see cref="SuiteDefinition.Judge"/>.</param>
    /// <param name="shard">The slice of cases run; null for all.</param>
    /// <param name="settled">Planned attempts the journal already holds (the judge's among them), as resume counts them.</param>
    public JudgePlan(SuiteDefinition suite, ShardSpec? shard, IReadOnlySet<AttemptKey> settled)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(settled);
        _suite = suite;
        _judge = suite.Judge ?? throw new ArgumentException("The suite has no judge.", nameof(suite));
        _settled = settled;
        _cases = [.. suite.Cases.Where(c => (shard is null || shard.Contains(c.Id)) && _judge.Applies(c))];
        _caseIds = [.. _cases.Select(c => c.Id)];
    }

    /// <summary>Takes one record of the journal, in journal order; a later final try of the same attempt replaces an earlier one.</summary>
    public void Keep(AttemptRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.Final || !Reads(record.Arm) || !_caseIds.Contains(record.CaseId)
            || (record.Arm == Arm.Candidate ? Judged(record.CaseId, record.Sample, record.Candidate) : AllJudged(record.CaseId, record.Sample)))
        {
            return;
        }

        var answer = record.Outcome == CallOutcome.Success ? new JudgedAnswer(record.Text, record.ToolCalls) : null;
        lock (_gate)
        {
            _answers[record.Key] = answer;
        }
    }

    /// <summary>
    /// The judge's calls on what was kept: pairs sample by sample, case by case in suite order, each pair's two orders side
    /// by side, the order sent first alternating from pair to pair (never all A/B, then all B/A).
    /// </summary>
    public JudgeCalls Create()
    {
        var attempts = ImmutableArray.CreateBuilder<PlannedAttempt>();
        var cases = new HashSet<string>(StringComparer.Ordinal);
        int pairs = 0, alreadySettled = 0;
        lock (_gate)
        {
            for (var sample = 0; sample < _suite.Samples; sample++)
            {
                foreach (var @case in _cases)
                {
                    for (var k = 0; k < _suite.CandidateCount; k++)
                    {
                        if (Judged(@case.Id, sample, k))
                        {
                            cases.Add(@case.Id);
                            pairs++;
                            alreadySettled += 2;
                            continue;
                        }

                        if (Answer(@case, Arm.Candidate, sample, k) is not { } candidate || OtherAnswer(@case, sample) is not { } other)
                        {
                            continue;
                        }

                        Arm[] orders = pairs % 2 == 0
                            ? [Arm.JudgeCandidateSecond, Arm.JudgeCandidateFirst]
                            : [Arm.JudgeCandidateFirst, Arm.JudgeCandidateSecond];
                        cases.Add(@case.Id);
                        pairs++;
                        var suite = _suite.ForCandidate(k);
                        foreach (var order in orders)
                        {
                            var key = new AttemptKey(@case.Id, order, sample, k);
                            if (_settled.Contains(key))
                            {
                                alreadySettled++;
                                continue;
                            }

                            var request = order == Arm.JudgeCandidateSecond
                                ? JudgePrompt.Build(suite, _judge, @case, first: other, second: candidate)
                                : JudgePrompt.Build(suite, _judge, @case, first: candidate, second: other);
                            attempts.Add(new PlannedAttempt(key, request));
                        }
                    }
                }
            }
        }

        return new JudgeCalls(cases.Count, pairs, alreadySettled, new RunPlan(attempts.ToImmutable()));
    }

    /// <summary>The arms whose answers the judge reads: the candidate's, and the baseline's in pairwise mode.</summary>
    private bool Reads(Arm arm) => arm == Arm.Candidate || (arm == Arm.Baseline && _judge.Mode == JudgeMode.Pairwise);

    /// <summary>Both orders of candidate <paramref name="candidate"/>'s pair are settled: its answers are not needed again.</summary>
    private bool Judged(string caseId, int sample, int candidate) =>
        _settled.Contains(new AttemptKey(caseId, Arm.JudgeCandidateSecond, sample, candidate))
        && _settled.Contains(new AttemptKey(caseId, Arm.JudgeCandidateFirst, sample, candidate));

    /// <summary>Every candidate's pair of the case and sample is judged: the baseline's answer is not needed again.</summary>
    private bool AllJudged(string caseId, int sample)
    {
        for (var k = 0; k < _suite.CandidateCount; k++)
        {
            if (!Judged(caseId, sample, k))
            {
                return false;
            }
        }

        return true;
    }

    private JudgedAnswer? Answer(PromptCase @case, Arm arm, int sample, int candidate = 0) =>
        _answers.GetValueOrDefault(new AttemptKey(@case.Id, arm, sample, candidate));

    /// <summary>What the candidate's answer is compared with: the baseline's answer, or the case's reference.</summary>
    private JudgedAnswer? OtherAnswer(PromptCase @case, int sample) => _judge.Mode == JudgeMode.Reference
        ? new JudgedAnswer(@case.Reference!.Text, @case.Reference.ToolCalls)
        : Answer(@case, Arm.Baseline, sample);
}
