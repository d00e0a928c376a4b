using System.Diagnostics;
using System.Diagnostics.Metrics;
using Streaming.Domain.Enrollments;

namespace Streaming.Application.Common.Telemetry;

/// <summary>
/// The product's own metrics (meter <see cref="MeterName"/>), next to what ASP.NET Core, HttpClient
/// and Npgsql report: enrollments, tokens charged and refunded, live viewers, chat messages, clip
/// jobs queued and failed, background job runs and their lag. Counted per instance; a dashboard
/// sums over instances. Exported by OpenTelemetry (Prometheus scrape, OTLP) when the Web layer turns it on.
/// </summary>
public sealed class StreamingMetrics
{
    public const string MeterName = "Streaming";

    /// <summary>The source of the spans around background job runs.</summary>
    public static readonly ActivitySource Jobs = new("Streaming.Jobs");

    private readonly Counter<long> _enrollments;
    private readonly Counter<long> _tokensCharged;
    private readonly Counter<long> _tokensRefunded;
    private readonly UpDownCounter<long> _liveViewers;
    private readonly Counter<long> _chatMessages;
    private readonly Counter<long> _clipsQueued;
    private readonly Counter<long> _clipsFailed;
    private readonly Counter<long> _jobRuns;
    private readonly Histogram<double> _jobDuration;
    private readonly Histogram<double> _jobLag;

    public StreamingMetrics(IMeterFactory? meters = null)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _enrollments = meter.CreateCounter<long>("streaming.enrollments", "{enrollment}", "Enrollments that became active (paid or free).");
        _tokensCharged = meter.CreateCounter<long>("streaming.tokens.charged", "{token}", "Tokens charged for enrollments.");
        _tokensRefunded = meter.CreateCounter<long>("streaming.tokens.refunded", "{token}", "Tokens given back (cancellations, cancelled classes, released seats).");
        _liveViewers = meter.CreateUpDownCounter<long>("streaming.live.viewers", "{viewer}", "Watch pages connected to this instance.");
        _chatMessages = meter.CreateCounter<long>("streaming.chat.messages", "{message}", "Chat messages sent.");
        _clipsQueued = meter.CreateCounter<long>("streaming.clips.queued", "{clip}", "Clips requested (or retried) for the clip job.");
        _clipsFailed = meter.CreateCounter<long>("streaming.clips.failed", "{clip}", "Clips the clip job could not cut.");
        _jobRuns = meter.CreateCounter<long>("streaming.jobs.runs", "{run}", "Background job runs, by job and outcome.");
        _jobDuration = meter.CreateHistogram<double>("streaming.jobs.duration", "s", "How long a background job run took.");
        _jobLag = meter.CreateHistogram<double>("streaming.jobs.lag", "s", "How late a background job run started after its scheduled time.");
    }

    /// <summary>An enrollment moved from <paramref name="before"/> to its present state and was saved.</summary>
    public void EnrollmentChanged(EnrollmentStatus before, Enrollment enrollment)
    {
        var paid = enrollment.TokensPaid > 0;
        if (before != EnrollmentStatus.Active && enrollment.Status == EnrollmentStatus.Active)
        {
            _enrollments.Add(1, new KeyValuePair<string, object?>("paid", paid));
            if (paid) _tokensCharged.Add(enrollment.TokensPaid);
        }
        else if (before != EnrollmentStatus.Refunded && enrollment.Status == EnrollmentStatus.Refunded && paid)
        {
            // A payment returned for a seat that was never active was charged without being counted above.
            if (before == EnrollmentStatus.Failed) _tokensCharged.Add(enrollment.TokensPaid);
            _tokensRefunded.Add(enrollment.TokensPaid);
        }
    }

    public void ViewerJoined() => _liveViewers.Add(1);

    public void ViewerLeft() => _liveViewers.Add(-1);

    public void ChatMessageSent() => _chatMessages.Add(1);

    public void ClipQueued() => _clipsQueued.Add(1);

    public void ClipFailed() => _clipsFailed.Add(1);

    public void JobRan(string job, string outcome, TimeSpan duration, TimeSpan? lag)
    {
        var tag = new KeyValuePair<string, object?>("job", job);
        _jobRuns.Add(1, tag, new KeyValuePair<string, object?>("outcome", outcome));
        _jobDuration.Record(duration.TotalSeconds, tag);
        if (lag is { } late) _jobLag.Record(Math.Max(0, late.TotalSeconds), tag);
    }
}
