using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
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
        if (!controller.ModelState.IsValid)
        {
            await AddOtherValidationErrorsAsync(controller, request, cancellationToken);
            return default;
        }

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

    /// <summary>
    /// A field MVC could not read (a blank number) stops the command, but the person should still
    /// see everything else that is wrong in one go: run the command's validators for the other fields.
    /// </summary>
    private static async Task AddOtherValidationErrorsAsync(Controller controller, object request, CancellationToken cancellationToken)
    {
        var validatorType = typeof(FluentValidation.IValidator<>).MakeGenericType(request.GetType());
        foreach (var validator in controller.HttpContext.RequestServices.GetServices(validatorType).OfType<FluentValidation.IValidator>())
        {
            var result = await validator.ValidateAsync(new FluentValidation.ValidationContext<object>(request), cancellationToken);
            foreach (var error in result.Errors)
            {
                var unreadable = controller.ModelState.TryGetValue(error.PropertyName, out var entry) && entry.Errors.Count > 0;
                if (!unreadable) controller.ModelState.AddModelError(error.PropertyName, error.ErrorMessage);
            }
        }
    }
}
