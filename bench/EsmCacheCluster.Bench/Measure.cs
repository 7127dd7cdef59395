using System.Diagnostics;

namespace EsmCacheCluster.Bench;

/// <summary>Timing helpers: alternate rounds of the compared operations and keep the median, so drift hits both.</summary>
internal static class Measure
{
    public static double Seconds(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Runs each action <paramref name="rounds"/> times, interleaved, after one warm-up each; returns median seconds.</summary>
    public static double[] Interleaved(int rounds, params Action[] actions)
    {
        foreach (var action in actions)
        {
            action();
        }

        var samples = new List<double>[actions.Length];
        for (int i = 0; i < actions.Length; i++)
        {
            samples[i] = [];
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < actions.Length; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                samples[i].Add(Seconds(actions[i]));
            }
        }

        return samples.Select(Median).ToArray();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string MBps(long bytes, double seconds) => $"{bytes / seconds / 1e6,8:F1} MB/s";
}
