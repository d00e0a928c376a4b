namespace Streaming.Web.Infrastructure.Observability;

/// <summary>The <c>Observability</c> section: OpenTelemetry traces and metrics, and where they go.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>The OpenTelemetry <c>service.name</c>.</summary>
    public string ServiceName { get; set; } = "streaming";

    /// <summary>The <c>service.instance.id</c>; empty: the host name and process id (one per instance).</summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// An OTLP collector (e.g. <c>http://otel-collector:4317</c>): traces, metrics and logs are sent there.
    /// Empty: OTLP only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "Grpc";

    /// <summary>
    /// The bearer token Prometheus sends to scrape <c>/metrics</c> (at least 16 characters). Empty: no
    /// scrape endpoint. Any request without it gets the ordinary 404, so the public learns nothing.
    /// </summary>
    public string? PrometheusScrapeToken { get; set; }

    public const int MinimumScrapeTokenLength = 16;

    public const string MetricsPath = "/metrics";

    public string ResolvedInstanceId => string.IsNullOrWhiteSpace(InstanceId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : InstanceId;
}
