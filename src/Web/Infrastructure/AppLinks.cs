using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// Absolute links, built from App:PublicBaseUrl. Only in Development and Testing without that
/// setting does the request's own scheme and host stand in (see <see cref="AppOptions"/>) — or, in
/// background work that has no request (the email outbox), the address this server listens on.
/// </summary>
public sealed class AppLinks(IHttpContextAccessor accessor, IOptions<AppOptions> options, IHostEnvironment environment, IServer server) : IAppLinks
{
    public string Absolute(string path) => BaseUrl() + (path.StartsWith('/') ? path : "/" + path);

    private string BaseUrl()
    {
        if (options.Value.BaseUri is { } configured) return configured.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (!AppOptions.IsLenient(environment)) throw new InvalidOperationException("App:PublicBaseUrl is not set.");
        if (accessor.HttpContext?.Request is { } request) return $"{request.Scheme}://{request.Host}{request.PathBase}";
        return ListeningAddress() ?? "http://localhost"; // the in-memory test server listens nowhere
    }

    private string? ListeningAddress()
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is null || !Uri.TryCreate(listening.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var address))
            return null;
        var host = address.Host is "0.0.0.0" or "[::]" ? "localhost" : address.Host;
        return $"{address.Scheme}://{host}:{address.Port}";
    }
}
