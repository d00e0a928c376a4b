using System.Security.Cryptography;
using System.Text;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Calendars.Queries.GetCalendarFeed;

namespace Streaming.Web.Controllers;

/// <summary>Personal calendar feeds. Calendar apps send no cookie: the token in the URL is the credential.</summary>
[AllowAnonymous]
public class CalendarFeedController(IMediator mediator) : Controller
{
    [HttpGet("calendar/{token}.ics")]
    public async Task<IActionResult> Feed(string token, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = Encoding.UTF8.GetBytes(await mediator.Send(new GetCalendarFeedQuery(token), cancellationToken));
        }
        catch (ValidationException)
        {
            return NotFound(); // like an unknown token: a feed URL of the wrong shape names no feed
        }

        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
        Response.Headers.CacheControl = "private, max-age=300";
        Response.Headers.ETag = etag.ToString();
        if (Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
            return StatusCode(StatusCodes.Status304NotModified);
        return File(content, "text/calendar; charset=utf-8");
    }
}
