using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// Where the app is reached from outside. Absolute links (calendars, shares, feeds) are built from
/// <see cref="PublicBaseUrl"/> only, never from the request's Host header, which a client controls.
/// Outside Development and Testing it is required, and the host filter (AllowedHosts) then admits
/// its host only, unless AllowedHosts names hosts itself.
/// </summary>
public sealed class AppOptions
{
    public const string Section = "App";

    public string? PublicBaseUrl { get; set; }

    /// <summary>Development and the tests may fall back to the request's host when no base URL is configured.</summary>
    public static bool IsLenient(IHostEnvironment environment) => environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public Uri? BaseUri => Uri.TryCreate(PublicBaseUrl?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}

public static class AppOptionsSetup
{
    /// <summary>App:PublicBaseUrl (required outside Development), the links built from it, and the host filter narrowed to its host.</summary>
    public static IServiceCollection AddPublicAddress(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AppOptions>().Bind(configuration.GetSection(AppOptions.Section))
            .Validate<IHostEnvironment>((o, environment) => o.BaseUri is not null || (string.IsNullOrWhiteSpace(o.PublicBaseUrl) && AppOptions.IsLenient(environment)),
                "App:PublicBaseUrl must be the absolute http(s) address people reach the app at (e.g. https://classes.example.com); it is required outside Development.")
            .ValidateOnStart();
        services.AddScoped<IAppLinks, AppLinks>();
        services.AddOptions<HostFilteringOptions>().PostConfigure<IHostEnvironment, IOptions<AppOptions>>((filter, environment, app) =>
        {
            var any = filter.AllowedHosts.Count == 0 || filter.AllowedHosts.Contains("*");
            if (any && !AppOptions.IsLenient(environment) && app.Value.BaseUri is { } baseUri)
                filter.AllowedHosts = [baseUri.Host];
        });
        return services;
    }

    /// <summary>
    /// The web host puts its host filter in front of the whole pipeline through a startup filter, and
    /// offers no switch to leave it out. <c>UseWeb</c> calls <c>UseHostFiltering</c> itself, behind the
    /// probes' exemption (a load balancer or Prometheus addresses an instance by its own address), so
    /// the built-in one goes. PublicUrlTests fail if it stays (a probe with a foreign Host gets 400).
    /// </summary>
    public static IServiceCollection RemoveBuiltInHostFilter(this IServiceCollection services)
    {
        foreach (var builtIn in services.Where(d => d.ServiceType == typeof(IStartupFilter)
                                                    && d.ImplementationType?.FullName == "Microsoft.AspNetCore.HostFilteringStartupFilter").ToList())
            services.Remove(builtIn);
        return services;
    }
}
