using System.Globalization;

namespace BedrockMigrationHarness.Batch;

/// <summary>
/// A batch record's id from the case's index in the suite and the sample: 11 digits, <c>CCCCCCSSSSS</c> (Bedrock takes
/// alphanumeric ids; case ids can hold anything). The suite's fingerprint fixes the case order, so the id maps back to
/// the same attempt when a run is resumed, without a table in the journal.
/// </summary>
internal static class BatchRecordIds
{
    /// <summary>The most cases a batch run can name (6 digits).</summary>
    public const int MaxCases = 1_000_000;

    /// <summary>The most samples per case a batch run can name (5 digits).</summary>
    public const int MaxSamples = 100_000;

    /// <summary>The id of case number <paramref name="caseIndex"/> (0-based, in suite order) and <paramref name="sample"/>.</summary>
    public static string Of(int caseIndex, int sample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(caseIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(caseIndex, MaxCases);
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, MaxSamples);
        return string.Create(CultureInfo.InvariantCulture, $"{caseIndex:D6}{sample:D5}");
    }

    /// <summary>The case index and sample of <paramref name="recordId"/>; false for an id this scheme did not write.</summary>
    public static bool TryParse(string? recordId, out int caseIndex, out int sample)
    {
        caseIndex = sample = 0;
        if (recordId is not { Length: 11 } || !recordId.All(char.IsAsciiDigit))
        {
            return false;
        }

        caseIndex = int.Parse(recordId.AsSpan(0, 6), CultureInfo.InvariantCulture);
        sample = int.Parse(recordId.AsSpan(6, 5), CultureInfo.InvariantCulture);
        return true;
    }
}
