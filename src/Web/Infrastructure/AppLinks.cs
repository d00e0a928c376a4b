using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// Absolute links, built from App:PublicBaseUrl. Only in Development and Testing without that
/// setting does the request's own scheme and host stand in (see <see cref="AppOptions"/>).
/// </summary>
public sealed class AppLinks(IHttpContextAccessor accessor, IOptions<AppOptions> options, IHostEnvironment environment) : IAppLinks
{
    public string Absolute(string path) => BaseUrl() + (path.StartsWith('/') ? path : "/" + path);

    private string BaseUrl()
    {
        if (options.Value.BaseUri is { } configured) return configured.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var request = accessor.HttpContext?.Request;
        if (!AppOptions.IsLenient(environment) || request is null)
            throw new InvalidOperationException("App:PublicBaseUrl is not set.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
