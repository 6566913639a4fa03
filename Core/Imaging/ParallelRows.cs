namespace HqSam.Core.Imaging;

/// <summary>
/// Runs a row operation over <c>[0, rows)</c> in bands, one band per worker, with a serial path for
/// small work: tasks are only worth their overhead past a few hundred thousand pixels.
/// </summary>
internal static class ParallelRows
{
    private const long MinimumWorkPerTask = 1 << 18;

    /// <param name="rows">Number of rows.</param>
    /// <param name="workPerRow">Rough cost of one row (pixels touched), to decide how many tasks pay off.</param>
    /// <param name="body">Processes rows <c>[from, to)</c>.</param>
    public static void For(int rows, long workPerRow, Action<int, int> body)
    {
        long total = rows * Math.Max(1, workPerRow);
        int tasks = (int)Math.Clamp(total / MinimumWorkPerTask, 1, Math.Min(Environment.ProcessorCount, rows));
        if (tasks <= 1)
        {
            body(0, rows);
            return;
        }

        int band = (rows + tasks - 1) / tasks;
        Parallel.For(0, tasks, t =>
        {
            int from = t * band;
            int to = Math.Min(rows, from + band);
            if (from < to)
            {
                body(from, to);
            }
        });
    }
}
