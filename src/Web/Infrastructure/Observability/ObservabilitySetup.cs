using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Streaming.Application.Common.Telemetry;

namespace Streaming.Web.Infrastructure.Observability;

/// <summary>
/// OpenTelemetry for every instance: traces of ASP.NET Core requests, HttpClient calls (token
/// backend, Cloudflare, S3), Npgsql commands and background job runs; metrics of the same plus the
/// runtime and the product (<see cref="StreamingMetrics"/>). Exported over OTLP when a collector is
/// configured, and scraped by Prometheus from <c>/metrics</c> with a bearer token. Logs are JSON
/// lines on the console with the trace and span ids (appsettings.json, Logging:Console).
/// </summary>
public static class ObservabilitySetup
{
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ObservabilityOptions>().Bind(configuration.GetSection(ObservabilityOptions.Section))
            .Validate(o => string.IsNullOrEmpty(o.PrometheusScrapeToken) || o.PrometheusScrapeToken.Length >= ObservabilityOptions.MinimumScrapeTokenLength,
                $"Observability:PrometheusScrapeToken must be at least {ObservabilityOptions.MinimumScrapeTokenLength} characters (or empty for no /metrics).")
            .Validate(o => string.IsNullOrWhiteSpace(o.OtlpEndpoint) || Enum.TryParse<OtlpExportProtocol>(o.OtlpProtocol, ignoreCase: true, out _),
                "Observability:OtlpProtocol must be Grpc or HttpProtobuf.")
            .Validate(o => string.IsNullOrWhiteSpace(o.OtlpEndpoint) || Uri.TryCreate(o.OtlpEndpoint, UriKind.Absolute, out _),
                "Observability:OtlpEndpoint must be an absolute URL (e.g. http://otel-collector:4317).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value);

        // OpenTelemetry is composed now, so its settings are read here; they are validated above.
        var options = configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: options.ResolvedInstanceId))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(StreamingMetrics.Jobs.Name))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(StreamingMetrics.MeterName);
                if (!string.IsNullOrEmpty(options.PrometheusScrapeToken)) metrics.AddPrometheusExporter();
            });

        if (Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint)
            && Enum.TryParse<OtlpExportProtocol>(options.OtlpProtocol, ignoreCase: true, out var protocol))
        {
            telemetry.UseOtlpExporter(protocol, endpoint);
        }
        else if (string.IsNullOrWhiteSpace(options.OtlpEndpoint) && !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>Prometheus's scrape endpoint, for requests that carry the token; everyone else falls through to the 404 page.</summary>
    public static IApplicationBuilder UseMetricsEndpoint(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<ObservabilityOptions>();
        if (string.IsNullOrEmpty(options.PrometheusScrapeToken)) return app;
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + options.PrometheusScrapeToken));
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == ObservabilityOptions.MetricsPath
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString())), expected));
    }

    /// <summary>Load-balancer probes and scrapes: no traces of them, and no host filter (they address the instance itself).</summary>
    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments(ObservabilityOptions.MetricsPath);
}
