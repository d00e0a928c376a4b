using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// Answers 413 for a declared body over <paramref name="maxBytes"/> before anything tries to read
/// it (the antiforgery check would otherwise fail to read the form and answer a confusing 400).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequestBodyLimitAttribute(long maxBytes) : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public int Order => -1000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.HttpContext.Request.ContentLength > maxBytes)
            context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
    }
}
