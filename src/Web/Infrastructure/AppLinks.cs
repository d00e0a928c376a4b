using Streaming.Application.Common.Interfaces;

namespace Streaming.Web.Infrastructure;

/// <summary>Absolute links built from the current request's scheme and host (or App:PublicBaseUrl when set).</summary>
public sealed class AppLinks(IHttpContextAccessor accessor, IConfiguration configuration) : IAppLinks
{
    public string StreamDetails(Guid streamId) => $"{BaseUrl()}/streams/{streamId}";

    public string CalendarFeed(string token)
    {
        var https = $"{BaseUrl()}/calendar/{Uri.EscapeDataString(token)}.ics";
        return "webcal" + https[https.IndexOf("://", StringComparison.Ordinal)..];
    }

    private string BaseUrl()
    {
        if (configuration["App:PublicBaseUrl"] is { Length: > 0 } configured) return configured.TrimEnd('/');
        var request = accessor.HttpContext?.Request;
        return request is null ? "http://localhost" : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
