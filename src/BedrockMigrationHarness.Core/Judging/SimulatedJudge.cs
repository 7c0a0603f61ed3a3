namespace BedrockMigrationHarness.Judging;

/// <summary>
/// A judge with a known error model, for the emulator (which plays the judge in tests) and the simulation (which measures
/// the quality gate's error rates): with probability <see cref="PositionBias"/> it picks the answer shown first whatever
/// the answers are; otherwise with probability <see cref="Accuracy"/> it gives the truth, and else one of the two other
/// picks, each as likely. So a judge of accuracy 0.8 and position bias 0.1 gives the truth 0.1·[truth is A] + 0.9·0.8 of
/// the time.
/// </summary>
/// <param name="Accuracy">Share of unbiased verdicts that give the truth, in [0, 1].</param>
/// <param name="PositionBias">Share of verdicts that pick answer A regardless, in [0, 1].</param>
public sealed record SimulatedJudge(double Accuracy, double PositionBias)
{
    /// <summary>The verdict on a pair whose truth is <paramref name="truth"/>, drawing two uniform numbers in [0, 1) (three when it errs) from <paramref name="next"/>.</summary>
    public JudgeVerdict Judge(JudgePick truth, Func<double> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var biased = next() < PositionBias;
        var accurate = next() < Accuracy;
        if (biased)
        {
            return new JudgeVerdict(JudgePick.First, 0.7, "Answer A reads as the better answer.");
        }

        if (accurate)
        {
            return new JudgeVerdict(truth, 0.9, Because(truth));
        }

        // Another pick than the truth, each of the two as likely (a third draw).
        var other = (int)truth + 1 + (next() < 0.5 ? 0 : 1);
        var pick = (JudgePick)(other % 3);
        return new JudgeVerdict(pick, 0.6, Because(pick));
    }

    private static string Because(JudgePick pick) => pick switch
    {
        JudgePick.First => "Answer A is more complete and follows the instructions more closely.",
        JudgePick.Second => "Answer B is more complete and follows the instructions more closely.",
        _ => "Both answers are about as good.",
    };
}
