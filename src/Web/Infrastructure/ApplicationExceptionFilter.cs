using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Streaming.Application.Common.Exceptions;
using Streaming.Domain.Common;
using Streaming.Web.Models;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// Turns the application's expected failures into answers: 404, 403, 410, or the rule's message on
/// an error page (HTML) or in a problem body (JSON). Forms catch their own failures first
/// (<see cref="MediatorControllerExtensions.SendFormAsync{T}"/>) and re-render with messages.
/// </summary>
public sealed class ApplicationExceptionFilter(IModelMetadataProvider metadata) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        var (status, title, detail) = context.Exception switch
        {
            NotFoundException => (StatusCodes.Status404NotFound, "Not found", (string?)null),
            ForbiddenAccessException e => (StatusCodes.Status403Forbidden, "Forbidden", e.Message),
            GoneException e => (StatusCodes.Status410Gone, "No longer available", e.Message),
            ValidationException e => (StatusCodes.Status400BadRequest, "Invalid input", string.Join(" ", e.Errors.SelectMany(x => x.Value))),
            DomainException e => (StatusCodes.Status409Conflict, "Not possible", e.Message),
            // Two changes of one row at the same moment, where the handler does not retry: say so, lose nothing.
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "Changed meanwhile",
                "This was changed by someone else at the same moment, so your change may not have been saved. Reload the page to see where things stand and try again."),
            _ => (0, "", null),
        };
        if (status == 0) return;

        context.ExceptionHandled = true;
        if (WantsJson(context.HttpContext.Request))
        {
            var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
            if (context.Exception is ValidationException validation)
                problem.Extensions["errors"] = validation.Errors;
            context.Result = new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
            return;
        }

        context.Result = new ViewResult
        {
            ViewName = "~/Views/Error/Status.cshtml",
            StatusCode = status,
            ViewData = new ViewDataDictionary(metadata, context.ModelState)
            {
                Model = ErrorViewModel.For(status, detail),
            },
        };
    }

    public static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        || request.Headers.Accept.Any(a => a?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);
}
