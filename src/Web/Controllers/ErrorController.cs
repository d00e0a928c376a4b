using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Streaming.Web.Infrastructure;
using Streaming.Web.Infrastructure.RateLimiting;
using Streaming.Web.Models;

namespace Streaming.Web.Controllers;

/// <summary>The friendly pages behind status codes and unhandled exceptions (any HTTP method).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public class ErrorController : Controller
{
    /// <summary>Where unhandled exceptions land: a too-large body keeps its 413, anything else is a 500.</summary>
    [Route("error/exception")]
    public IActionResult Exception() => Render(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        InvalidDataException => StatusCodes.Status413PayloadTooLarge, // a multipart body over its limit
        _ => StatusCodes.Status500InternalServerError,
    });

    // No action parameter: a re-executed POST (say, a form too large to read) would bind it from
    // the original body and get 0; the route value is always there.
    [Route("error/{statusCode:int}")]
    public IActionResult Status() =>
        Render(int.TryParse(RouteData.Values["statusCode"]?.ToString(), out var code) ? code : 500);

    private IActionResult Render(int statusCode)
    {
        if (statusCode is < 400 or > 599) statusCode = 500;
        string? detail = null;
        if (statusCode == StatusCodes.Status429TooManyRequests && HttpContext.Items[RateLimitingSetup.RetryAfterItem] is TimeSpan wait)
        {
            detail = ErrorViewModel.TryAgainIn(wait);
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var model = ErrorViewModel.For(statusCode, detail, Activity.Current?.Id ?? HttpContext.TraceIdentifier);
        Response.StatusCode = statusCode;

        var originalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        if (ApplicationExceptionFilter.WantsJson(Request) || originalPath?.StartsWith("/api", StringComparison.Ordinal) == true)
            return Problem(statusCode: statusCode, title: model.Title, detail: model.Message);

        return View("Status", model);
    }
}
