using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Client;

/// <summary>Every problem with a <see cref="ModuleCacheClientOptions"/>, each naming the option and the value.</summary>
public sealed class ModuleCacheClientOptionsValidator : IValidateOptions<ModuleCacheClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ModuleCacheClientOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBatchSize < 1)
        {
            failures.Add($"MaxBatchSize is {options.MaxBatchSize}; it must be at least 1.");
        }

        if (options.MaxBatchBytes < 1)
        {
            failures.Add($"MaxBatchBytes is {options.MaxBatchBytes}; it must be at least 1.");
        }

        if (options.MaxConcurrentBatches < 1)
        {
            failures.Add($"MaxConcurrentBatches is {options.MaxConcurrentBatches}; it must be at least 1.");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add($"MaxAttempts is {options.MaxAttempts}; it must be at least 1.");
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            failures.Add($"RetryDelay is {options.RetryDelay}; it must not be negative.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"MaxRetryDelay ({options.MaxRetryDelay}) is shorter than RetryDelay ({options.RetryDelay}).");
        }

        if (options.LocalCacheDirectory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            failures.Add("LocalCacheDirectory is blank; use null for no local folder.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
