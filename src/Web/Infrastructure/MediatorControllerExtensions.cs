using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Common.Exceptions;
using Streaming.Domain.Common;

namespace Streaming.Web.Infrastructure;

public static class MediatorControllerExtensions
{
    /// <summary>
    /// Sends a form's command. Validation failures and broken domain rules land in ModelState
    /// (field messages by property name, rules in the summary) and the default value is returned:
    /// check <c>ModelState.IsValid</c> and re-render the form.
    /// </summary>
    public static async Task<T?> SendFormAsync<T>(this Controller controller, IMediator mediator, IRequest<T> request, CancellationToken cancellationToken = default)
    {
        if (!controller.ModelState.IsValid) return default;
        try
        {
            return await mediator.Send(request, cancellationToken);
        }
        catch (ValidationException ex)
        {
            foreach (var (property, messages) in ex.Errors)
            foreach (var message in messages)
                controller.ModelState.AddModelError(property, message);
        }
        catch (DomainException ex)
        {
            controller.ModelState.AddModelError(string.Empty, ex.Message);
        }

        return default;
    }
}
