using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.FunctionalTests;

/// <summary>
/// Two changes of one row at the same moment, where a handler does not retry, end in a 409 that
/// says what happened — never a 500 — for pages and for the pages' scripts (problem+json).
/// </summary>
public class ConcurrencyConflictAnswerTests : WebTestBase
{
    private ExceptionContext Raise(string accept)
    {
        var http = new DefaultHttpContext { RequestServices = Factory.Services };
        http.Request.Headers.Accept = accept;
        var action = new ActionContext(http, new RouteData(), new ActionDescriptor());
        return new ExceptionContext(action, []) { Exception = new DbUpdateConcurrencyException("expected 1 row, affected 0") };
    }

    private ApplicationExceptionFilter Filter() =>
        new(Factory.Services.GetRequiredService<IModelMetadataProvider>());

    [Test]
    public void A_script_gets_a_409_problem_saying_to_reload()
    {
        var context = Raise("application/json");

        Filter().OnException(context);

        var result = context.Result as ObjectResult;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(context.ExceptionHandled, Is.True);
            Assert.That(result?.StatusCode, Is.EqualTo(409));
            Assert.That((result?.Value as ProblemDetails)?.Detail, Does.Contain("Reload the page"));
        }
    }

    [Test]
    public void A_page_gets_the_409_error_page()
    {
        var context = Raise("text/html");

        Filter().OnException(context);

        Assert.That((context.Result as ViewResult)?.StatusCode, Is.EqualTo(409));
    }
}
