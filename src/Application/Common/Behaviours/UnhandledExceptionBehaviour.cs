using MediatR;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Exceptions;
using Streaming.Domain.Common;

namespace Streaming.Application.Common.Behaviours;

/// <summary>Logs unexpected failures with the request name; expected ones (rules, validation, 404) pass quietly.</summary>
public class UnhandledExceptionBehaviour<TRequest, TResponse>(ILogger<TRequest> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        try
        {
            return await next();
        }
        catch (Exception ex) when (!IsExpected(ex))
        {
            logger.LogError(ex, "Request {Request} failed", typeof(TRequest).Name);
            throw;
        }
    }

    private static bool IsExpected(Exception ex) =>
        ex is DomainException or ValidationException or NotFoundException or ForbiddenAccessException
            or PaymentWebhookRejectedException or OperationCanceledException;
}
