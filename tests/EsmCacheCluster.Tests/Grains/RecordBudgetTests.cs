using System.Reflection;
using EsmCacheCluster.Grains;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Tests.Grains;

/// <summary>The silo's byte budget for active module grains, under concurrent activations.</summary>
public sealed class RecordBudgetTests
{
    [Fact]
    public void Evictions_count_every_deactivation_it_asked_for_under_concurrent_activations()
    {
        var budget = new RecordBudget(Options.Create(new ModuleCacheOptions { MaxHeldBytes = 50 }), NullLogger<RecordBudget>.Instance);
        var grain = CountingGrainContext.Create();

        // Each activation alone is over the budget, so each one evicts, and several threads evict at once. A lost
        // update of the count is a race: rounds go on for a few seconds, or until the counts disagree.
        var deadline = DateTime.UtcNow.AddSeconds(4);
        do
        {
            // More threads than cores, so that some are preempted in the middle of updating the count.
            var threads = Enumerable.Range(0, 16).Select(_ => new Thread(() =>
            {
                for (int i = 0; i < 50_000; i++)
                {
                    budget.Release(budget.Track(grain, 100));
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }
        while (DateTime.UtcNow < deadline && ((CountingGrainContext)(object)grain).Deactivations == budget.Evictions);

        long asked = ((CountingGrainContext)(object)grain).Deactivations;
        Assert.True(asked > 0);
        Assert.Equal(asked, budget.Evictions);
        Assert.Equal(0, budget.HeldBytes);
        Assert.Equal(0, budget.ActiveRecords);
    }

    /// <summary>A grain context that only counts the deactivations asked of it.</summary>
    public class CountingGrainContext : DispatchProxy
    {
        private long _deactivations;

        public long Deactivations => Interlocked.Read(ref _deactivations);

        public static IGrainContext Create() => Create<IGrainContext, CountingGrainContext>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(IGrainContext.Deactivate))
            {
                Interlocked.Increment(ref _deactivations);
                return null;
            }

            throw new NotSupportedException(targetMethod?.Name);
        }
    }
}
