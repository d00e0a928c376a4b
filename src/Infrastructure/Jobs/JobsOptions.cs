namespace Streaming.Infrastructure.Jobs;

/// <summary>Background jobs (section "Jobs"): on/off, schedule overrides, the run history kept.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Off: no scheduler starts and nothing runs by itself (the tests run jobs explicitly).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron expressions (Quartz syntax, seconds first) by job name, replacing the defaults.</summary>
    public Dictionary<string, string> Schedules { get; set; } = new(StringComparer.Ordinal);

    /// <summary>This instance's id in the cluster; empty: generated (host name and start time).</summary>
    public string? InstanceId { get; set; }

    /// <summary>Jobs running at once on one instance.</summary>
    public int MaxConcurrency { get; set; } = 3;

    /// <summary>Runs kept per job for the jobs page.</summary>
    public int HistoryPerJob { get; set; } = 200;
}
