namespace HqSam.Benchmarks;

/// <summary>The probes' medians: the middle value (the upper of the two middle ones for an even count), rounded for printing.</summary>
internal static class Medians
{
    public static double Of(IEnumerable<double> values, int digits)
    {
        double[] sorted = [.. values.Order()];
        return Math.Round(sorted[sorted.Length / 2], digits);
    }
}
