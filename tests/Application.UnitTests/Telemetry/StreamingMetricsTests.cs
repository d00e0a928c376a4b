using System.Diagnostics.Metrics;
using Streaming.Application.Common.Telemetry;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.UnitTests.Telemetry;

/// <summary>What the product counters count, read with the runtime's own MeterListener.</summary>
public class StreamingMetricsTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private sealed class Recorded : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Meter _meter;
        private readonly Dictionary<string, long> _totals = [];

        public Recorded(Meter meter)
        {
            _meter = meter;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, _meter)) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                lock (_totals) _totals[instrument.Name] = _totals.GetValueOrDefault(instrument.Name) + value;
            });
            _listener.Start();
        }

        public long this[string name]
        {
            get
            {
                lock (_totals) return _totals.GetValueOrDefault(name);
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    private sealed class OneMeter : IMeterFactory
    {
        public Meter? Created { get; private set; }

        public Meter Create(MeterOptions options) => Created = new Meter(options);

        public void Dispose() => Created?.Dispose();
    }

    private static (StreamingMetrics Metrics, Recorded Recorded, OneMeter Factory) Create()
    {
        var factory = new OneMeter();
        var metrics = new StreamingMetrics(factory);
        return (metrics, new Recorded(factory.Created!), factory);
    }

    private static LiveStream Class(int price) =>
        LiveStream.Schedule("coach-1", "Core", "", "Core", Now.AddDays(1), 45, price, null, Now);

    [Test]
    public void A_paid_enrollment_that_becomes_active_counts_one_enrollment_and_its_tokens_charged()
    {
        var (metrics, recorded, factory) = Create();
        using var _ = recorded;
        using var __ = factory;
        var enrollment = Enrollment.Open(Class(12), "member-1", memberHoldsSeat: false, Now);

        enrollment.Activate("tx-1", Now);
        metrics.EnrollmentChanged(EnrollmentStatus.Pending, enrollment);

        Assert.That(recorded["streaming.enrollments"], Is.EqualTo(1));
        Assert.That(recorded["streaming.tokens.charged"], Is.EqualTo(12));
        Assert.That(recorded["streaming.tokens.refunded"], Is.Zero);
    }

    [Test]
    public void A_refund_counts_the_tokens_given_back_and_no_new_enrollment()
    {
        var (metrics, recorded, factory) = Create();
        using var _ = recorded;
        using var __ = factory;
        var enrollment = Enrollment.Open(Class(8), "member-1", memberHoldsSeat: false, Now);
        enrollment.Activate("tx-1", Now);

        enrollment.Refund(Now.AddMinutes(1));
        metrics.EnrollmentChanged(EnrollmentStatus.Active, enrollment);

        Assert.That(recorded["streaming.enrollments"], Is.Zero);
        Assert.That(recorded["streaming.tokens.refunded"], Is.EqualTo(8));
    }

    [Test]
    public void A_free_enrollment_counts_but_charges_nothing()
    {
        var (metrics, recorded, factory) = Create();
        using var _ = recorded;
        using var __ = factory;
        var enrollment = Enrollment.Open(Class(0), "member-1", memberHoldsSeat: false, Now);

        enrollment.Activate(null, Now);
        metrics.EnrollmentChanged(EnrollmentStatus.Pending, enrollment);

        Assert.That(recorded["streaming.enrollments"], Is.EqualTo(1));
        Assert.That(recorded["streaming.tokens.charged"], Is.Zero);
    }

    [Test]
    public void Viewers_go_up_and_down_and_jobs_record_their_runs()
    {
        var (metrics, recorded, factory) = Create();
        using var _ = recorded;
        using var __ = factory;

        metrics.ViewerJoined();
        metrics.ViewerJoined();
        metrics.ViewerLeft();
        metrics.ChatMessageSent();
        metrics.ClipQueued();
        metrics.ClipFailed();
        metrics.JobRan("clip-cutting", "Succeeded", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));

        Assert.That(recorded["streaming.live.viewers"], Is.EqualTo(1));
        Assert.That(recorded["streaming.chat.messages"], Is.EqualTo(1));
        Assert.That(recorded["streaming.clips.queued"], Is.EqualTo(1));
        Assert.That(recorded["streaming.clips.failed"], Is.EqualTo(1));
        Assert.That(recorded["streaming.jobs.runs"], Is.EqualTo(1));
    }
}
