using Streaming.Domain.Notifications;

namespace Streaming.Application.Notifications.Common;

/// <summary>The outbox and the scheduled emails (section "Email:Outbox").</summary>
public sealed class EmailOutboxOptions
{
    public const string Section = "Email:Outbox";

    /// <summary>Emails one run of the outbox job sends at most (the rest wait for the next run).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Tries before an email is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed try; doubled after each further one.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two tries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long before a class starts its reminder goes out.</summary>
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long before a replay expires its notice goes out.</summary>
    public TimeSpan ReplayNoticeLead { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The share of the replay a member must have watched to count as having watched it whole.</summary>
    public double WatchedWholeShare { get; set; } = 0.9;

    public OutboxRetryPolicy RetryPolicy => new() { MaxAttempts = MaxAttempts, FirstDelay = FirstRetryDelay, MaxDelay = MaxRetryDelay };
}
