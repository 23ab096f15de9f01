using Npgsql;
using Polly;
using Polly.Retry;

namespace Bezirksplattform.BuildingBlocks.Data;

/// <summary>
/// Retries work whose every effect lives in one not-yet-committed transaction (or reads only):
/// serialization failures, deadlocks, dropped connections. Never wraps a commit whose outcome
/// is unknown, and never unique-key violations (they are answers, not accidents).
/// </summary>
public static class DatabaseRetry
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is "40001" or "40P01" or "57P01" or "08006" or "08003" or "53300",
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    public static ResiliencePipeline CreatePipeline(int maxRetryAttempts = 3) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => IsTransient(e) && e is not CommitOutcomeUnknownException),
                MaxRetryAttempts = maxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
            })
            .Build();
}

/// <summary>The connection broke during COMMIT: the transaction may or may not have landed.</summary>
public sealed class CommitOutcomeUnknownException(Exception inner)
    : Exception("The database connection failed while committing; the outcome is unknown.", inner);
