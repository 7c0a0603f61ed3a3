using System.Collections.Immutable;

namespace BedrockMigrationHarness.Reports.Html.Charts;

/// <summary>Maps a data range onto a pixel range, with "nice" round tick values (1, 2, 5 × 10^k).</summary>
internal sealed class LinearScale
{
    private LinearScale(double min, double max, ImmutableArray<double> ticks, double from, double to)
    {
        Min = min;
        Max = max;
        Ticks = ticks;
        From = from;
        To = to;
    }

    public double Min { get; }

    public double Max { get; }

    public ImmutableArray<double> Ticks { get; }

    public double From { get; }

    public double To { get; }

    /// <summary>A scale covering [<paramref name="low"/>, <paramref name="high"/>] widened to round ticks.</summary>
    public static LinearScale Nice(double low, double high, int maxTicks, double from, double to)
    {
        if (!(high > low))
        {
            high = low + (low == 0 ? 1 : Math.Abs(low) * 0.1);
        }

        var step = NiceStep((high - low) / Math.Max(1, maxTicks - 1));
        var min = Math.Floor(low / step) * step;
        var max = Math.Ceiling(high / step) * step;
        var ticks = ImmutableArray.CreateBuilder<double>();
        for (var i = 0; ; i++)
        {
            var t = min + (i * step);
            if (t > max + (step / 2))
            {
                break;
            }

            ticks.Add(Math.Round(t, 10));
        }

        return new LinearScale(min, max, ticks.ToImmutable(), from, to);
    }

    /// <summary>The step 1, 2 or 5 × 10^k nearest above <paramref name="raw"/>.</summary>
    public static double NiceStep(double raw)
    {
        if (!(raw > 0))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    public double Map(double value) => From + ((value - Min) / (Max - Min) * (To - From));
}
