namespace Streaming.Infrastructure;

/// <summary>Tags of the health checks: <see cref="Ready"/> ones decide whether an instance takes traffic (/healthz/ready).</summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
