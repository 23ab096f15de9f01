using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.BuildingBlocks.Mediator;

/// <summary>Logs every request by name with its duration; never its content (it may be personal data).</summary>
internal sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = typeof(TRequest).Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            logger.LogInformation("Handled {RequestName} in {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception e) when (e is FluentValidation.ValidationException or Errors.ProblemException)
        {
            logger.LogInformation("Rejected {RequestName} after {ElapsedMs:0.0} ms: {Reason}", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.GetType().Name);
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Failed {RequestName} after {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
