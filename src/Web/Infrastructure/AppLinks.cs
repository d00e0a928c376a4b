using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// Absolute links, built from App:PublicBaseUrl. Only in Development and Testing without that
/// setting does the request's own scheme and host stand in (see <see cref="AppOptions"/>).
/// </summary>
public sealed class AppLinks(IHttpContextAccessor accessor, IOptions<AppOptions> options, IHostEnvironment environment) : IAppLinks
{
    public string StreamDetails(Guid streamId) => $"{BaseUrl()}/streams/{streamId}";

    public string CalendarFeed(string token)
    {
        var https = $"{BaseUrl()}/calendar/{Uri.EscapeDataString(token)}.ics";
        return "webcal" + https[https.IndexOf("://", StringComparison.Ordinal)..];
    }

    /// <summary>The share pages' absolute base: <c>{base}/recordings/share</c>.</summary>
    public string ShareBase() => $"{BaseUrl()}/recordings/share";

    public string BaseUrl()
    {
        if (options.Value.BaseUri is { } configured) return configured.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var request = accessor.HttpContext?.Request;
        if (!AppOptions.IsLenient(environment) || request is null)
            throw new InvalidOperationException("App:PublicBaseUrl is not set.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
