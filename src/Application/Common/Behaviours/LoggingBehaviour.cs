using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Common.Behaviours;

/// <summary>Logs each request with the caller and how long it took (slow ones as warnings).</summary>
public class LoggingBehaviour<TRequest, TResponse>(ILogger<TRequest> logger, ICurrentUser currentUser)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(500);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var level = elapsed > Slow ? LogLevel.Warning : LogLevel.Debug;
        logger.Log(level, "{Request} for {UserId} took {Elapsed} ms",
            typeof(TRequest).Name, currentUser.Id ?? "anonymous", (long)elapsed.TotalMilliseconds);
        return response;
    }
}
