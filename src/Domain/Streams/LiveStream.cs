using Streaming.Domain.Common;
using Streaming.Domain.Users;

namespace Streaming.Domain.Streams;

/// <summary>
/// A scheduled live class. Status moves Scheduled → Live → Ended, or Scheduled → Cancelled;
/// every other move is refused with a <see cref="DomainException"/>.
/// </summary>
public class LiveStream : BaseEntity
{
    public const int TitleMaxLength = 120;
    public const int DescriptionMaxLength = 4000;
    public const int CategoryMaxLength = 60;

    /// <summary>How far ahead a class can be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(731);

    private LiveStream()
    {
    }

    public string InstructorId { get; private set; } = default!;

    /// <summary>The instructor's public profile (loaded by queries that show it).</summary>
    public UserProfile Instructor { get; private set; } = default!;

    public string Title { get; private set; } = default!;

    public string Description { get; private set; } = "";

    public string? Category { get; private set; }

    public DateTimeOffset ScheduledStart { get; private set; }

    public int DurationMinutes { get; private set; }

    public DateTimeOffset ScheduledEnd => ScheduledStart.AddMinutes(DurationMinutes);

    public int PriceInTokens { get; private set; }

    /// <summary>The price of replay-only access after the class (null: the class price).</summary>
    public int? ReplayPriceInTokens { get; private set; }

    public int ReplayPrice => ReplayPriceInTokens ?? PriceInTokens;

    /// <summary>Maximum active enrollments; null means unlimited.</summary>
    public int? Capacity { get; private set; }

    public string? ThumbnailPath { get; private set; }

    public StreamStatus Status { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public const int CancellationReasonMaxLength = 200;

    /// <summary>Why a super admin cancelled the class in moderation (null when its instructor cancelled it).</summary>
    public string? CancellationReason { get; private set; }

    public DateTimeOffset? RecordingExpiresAt { get; private set; }

    public DateTimeOffset? MigrationScheduledAt { get; private set; }

    public int PeakViewers { get; private set; }

    /// <summary>Whether the recording is kept for the workout catalog when the replay window closes.</summary>
    public CatalogMark CatalogMark { get; private set; }

    /// <summary>When the retention job deleted the recording's files (the replay window had closed and the class was not kept).</summary>
    public DateTimeOffset? RecordingDeletedAt { get; private set; }

    /// <summary>The workout this class became in the on-demand catalog; set once, never twice.</summary>
    public Guid? WorkoutId { get; private set; }

    public bool IsKeptForCatalog => CatalogMark is CatalogMark.Kept or CatalogMark.KeptAutomatically;

    /// <summary>
    /// The calendar revision (iCalendar <c>SEQUENCE</c>): one more for every change of the class's
    /// times or status (moved, ended, cancelled), so calendar apps replace the event they hold.
    /// </summary>
    public int CalendarSequence { get; private set; }

    /// <summary>
    /// False when the class did not take place — it never went live, or was broadcast for less than
    /// <see cref="ClassClosingPolicy.MinimumBroadcastShare"/> of its duration — and its paid seats are
    /// refunded. Null until judged (at its end).
    /// </summary>
    public bool? TookPlace { get; private set; }

    /// <summary>Enrollments holding a seat (pending or active); guarded by the row version.</summary>
    public int SeatsTaken { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsFree => PriceInTokens == 0;

    /// <summary>When the class really took place: its broadcast once it has ended (early or late), else the plan.</summary>
    public DateTimeOffset ActualStart => Status == StreamStatus.Ended && StartedAt is { } started ? started : ScheduledStart;

    /// <inheritdoc cref="ActualStart"/>
    public DateTimeOffset ActualEnd => Status == StreamStatus.Ended && EndedAt is { } ended ? ended : ScheduledEnd;

    public static LiveStream Schedule(
        string instructorId,
        string title,
        string? description,
        string? category,
        DateTimeOffset scheduledStart,
        int durationMinutes,
        int priceInTokens,
        int? capacity,
        DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(instructorId)) throw new DomainException("A class needs an instructor.");
        if (scheduledStart <= now) throw new DomainException("The start time must be in the future.");
        if (scheduledStart - now > MaxScheduleAhead) throw new DomainException("The start must be within the next two years.");
        now = now.ToUniversalTime();

        var stream = new LiveStream
        {
            InstructorId = instructorId,
            Status = StreamStatus.Scheduled,
            CreatedAt = now,
            UpdatedAt = now,
        };
        stream.SetDetails(title, description, category);
        stream.SetTiming(scheduledStart, durationMinutes);
        stream.SetPrice(priceInTokens);
        stream.SetCapacity(capacity);
        return stream;
    }

    public void UpdateDetails(string title, string? description, string? category)
    {
        EnsureEditable();
        SetDetails(title, description, category);
    }

    private void SetDetails(string title, string? description, string? category)
    {
        title = PlainText.SingleLine(title, "Title");
        if (title.Length == 0) throw new DomainException("Title is required.");
        if (title.Length > TitleMaxLength) throw new DomainException($"Title must be at most {TitleMaxLength} characters.");
        description = PlainText.MultiLine(description, "Description");
        if (description.Length > DescriptionMaxLength)
            throw new DomainException($"Description must be at most {DescriptionMaxLength} characters.");
        category = PlainText.SingleLine(category, "Category") is { Length: > 0 } named ? named : null;
        if (category?.Length > CategoryMaxLength)
            throw new DomainException($"Category must be at most {CategoryMaxLength} characters.");

        Title = title;
        Description = description;
        Category = category;
    }

    /// <summary>Changing the price is refused once somebody has paid (<paramref name="hasPaidEnrollments"/>).</summary>
    public void ChangePrice(int priceInTokens, bool hasPaidEnrollments)
    {
        if (priceInTokens == PriceInTokens) return;
        EnsureStatus(StreamStatus.Scheduled, "change the price of");
        if (hasPaidEnrollments) throw new DomainException("The price cannot change once members have enrolled.");
        SetPrice(priceInTokens);
    }

    /// <summary>Sets the replay-only price (null: the class price); it may change until the class is cancelled.</summary>
    public void SetReplayPrice(int? priceInTokens)
    {
        if (priceInTokens == ReplayPriceInTokens) return;
        if (Status == StreamStatus.Cancelled) throw new DomainException("A cancelled class has no replay to sell.");
        if (priceInTokens is < 0) throw new DomainException("The replay price cannot be negative.");
        ReplayPriceInTokens = priceInTokens;
    }

    /// <summary>
    /// Null when members may buy replay-only access now: the class ended, took place, its replay is
    /// ready (<paramref name="replayAvailable"/>) and still kept; otherwise why not, for the page.
    /// </summary>
    public string? WhyReplayNotForSale(DateTimeOffset now, bool replayAvailable)
    {
        if (Status != StreamStatus.Ended) return "The replay is sold once the class has ended.";
        if (TookPlace == false) return "This class did not take place; there is no replay to buy.";
        if (RecordingExpiresAt is not { } expires || now >= expires) return "The replay of this class is no longer available.";
        return replayAvailable ? null : "The replay of this class is not available yet.";
    }

    /// <summary>Capacity can grow freely but never drop below the seats already taken (active or pending).</summary>
    public void ChangeCapacity(int? capacity)
    {
        EnsureEditable();
        if (capacity < SeatsTaken)
            throw new DomainException($"Capacity cannot be less than the {SeatsTaken} members already enrolled.");
        SetCapacity(capacity);
    }

    public void Reschedule(DateTimeOffset scheduledStart, int durationMinutes, DateTimeOffset now)
    {
        EnsureStatus(StreamStatus.Scheduled, "reschedule");
        if (scheduledStart <= now) throw new DomainException("The start time must be in the future.");
        if (scheduledStart - now > MaxScheduleAhead) throw new DomainException("The start must be within the next two years.");
        if (scheduledStart.ToUniversalTime() == ScheduledStart && durationMinutes == DurationMinutes) return;
        SetTiming(scheduledStart, durationMinutes);
        CalendarSequence++;
        UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>Going live more than this before the announced start asks the instructor first: members plan for that time.</summary>
    public static readonly TimeSpan EarlyStartWarning = TimeSpan.FromMinutes(15);

    /// <summary>How long before the scheduled start going live now would be, when that is more than <see cref="EarlyStartWarning"/>.</summary>
    public TimeSpan? TooEarlyBy(DateTimeOffset now) =>
        Status == StreamStatus.Scheduled && ScheduledStart - now > EarlyStartWarning ? ScheduledStart - now : null;

    public void GoLive(DateTimeOffset now)
    {
        if (Status == StreamStatus.Live) return; // a reconnecting broadcaster resumes the same class
        EnsureStatus(StreamStatus.Scheduled, "start");
        now = now.ToUniversalTime();
        Status = StreamStatus.Live;
        StartedAt = now;
        UpdatedAt = now;
    }

    /// <summary>
    /// The instructor's broadcast reached the streaming provider: a scheduled class goes live (true);
    /// one already live stays so, and an ended or cancelled class is not reopened (false for both).
    /// </summary>
    public bool BroadcastConnected(DateTimeOffset now)
    {
        if (Status != StreamStatus.Scheduled) return false;
        GoLive(now);
        return true;
    }

    public void End(DateTimeOffset now, RetentionPolicy retention)
    {
        EnsureStatus(StreamStatus.Live, "end");
        now = now.ToUniversalTime();
        if (now < StartedAt) throw new DomainException("A class cannot end before it started.");
        Status = StreamStatus.Ended;
        EndedAt = now;
        RecordingExpiresAt = retention.ReplayExpiry(now);
        MigrationScheduledAt = retention.CatalogMigration(now);
        CalendarSequence++;
        UpdatedAt = now;
        AddDomainEvent(new StreamEnded(this));
    }

    /// <summary>
    /// Judges, once the class has ended, whether it took place: broadcast for at least the policy's
    /// share of its duration. If not, its paid seats are refunded.
    /// </summary>
    public void JudgeTookPlace(TimeSpan broadcast, ClassClosingPolicy policy)
    {
        EnsureStatus(StreamStatus.Ended, "judge");
        TookPlace = broadcast.TotalMinutes >= policy.MinimumBroadcastShare * DurationMinutes;
    }

    /// <summary>A class that never went live and whose time is over did not take place: Scheduled → Cancelled.</summary>
    public void CloseAsNotHeld(DateTimeOffset now)
    {
        Cancel(now);
        TookPlace = false;
    }

    /// <summary>
    /// Whether the class is over although nobody ended it: live past its end and the grace period,
    /// or with its broadcaster gone for the absence limit (end it); never live and past its end and
    /// the grace period (it did not take place).
    /// </summary>
    public ClassClosing DueClosing(DateTimeOffset now, DateTimeOffset? broadcasterLastSeen, ClassClosingPolicy policy) => Status switch
    {
        StreamStatus.Live when now >= ScheduledEnd + policy.EndGrace || IsBroadcasterGone(now, broadcasterLastSeen, policy) => ClassClosing.End,
        StreamStatus.Scheduled when now >= ScheduledEnd + policy.EndGrace => ClassClosing.NotHeld,
        _ => ClassClosing.None,
    };

    /// <summary>
    /// The broadcaster has been silent for the absence limit: since their last sign of life (or
    /// going live) in a live class; since the scheduled start in a class that has not gone live.
    /// </summary>
    public bool IsBroadcasterGone(DateTimeOffset now, DateTimeOffset? broadcasterLastSeen, ClassClosingPolicy policy) => Status switch
    {
        StreamStatus.Live => now - Latest(broadcasterLastSeen, StartedAt!.Value) >= policy.BroadcasterAbsenceLimit,
        StreamStatus.Scheduled => now - ScheduledStart >= policy.BroadcasterAbsenceLimit,
        _ => false,
    };

    /// <summary>
    /// Refuses a new enrollment in a class that is over by its schedule, or whose broadcaster has
    /// been gone for the absence limit (the other rules are checked when the seat is taken).
    /// </summary>
    public void EnsureTakesEnrollments(DateTimeOffset now, DateTimeOffset? broadcasterLastSeen, ClassClosingPolicy policy)
    {
        if (WhyNoEnrollments(now, broadcasterLastSeen, policy) is { } reason) throw new DomainException(reason);
    }

    /// <summary>Null when a scheduled or live class still takes enrollments by its time and broadcaster; otherwise why not, for the page.</summary>
    public string? WhyNoEnrollments(DateTimeOffset now, DateTimeOffset? broadcasterLastSeen, ClassClosingPolicy policy)
    {
        if (Status == StreamStatus.Live && now >= ScheduledEnd) return "This class is over and no longer takes enrollments.";
        if (IsOverdue(now) || !IsBroadcasterGone(now, broadcasterLastSeen, policy)) return null; // overdue: the seat rules say so
        var minutes = $"{policy.BroadcasterAbsenceLimit.TotalMinutes:0} minutes";
        return Status == StreamStatus.Live
            ? $"The instructor's broadcast has been interrupted for over {minutes}, so this class takes no more enrollments."
            : $"The instructor has not started this class {minutes} after its start, so it takes no more enrollments.";
    }

    private static DateTimeOffset Latest(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;

    public void Cancel(DateTimeOffset now, string? reason = null)
    {
        EnsureStatus(StreamStatus.Scheduled, "cancel");
        if (reason is not null)
        {
            reason = PlainText.SingleLine(reason, "Reason");
            if (reason.Length > CancellationReasonMaxLength)
                throw new DomainException($"The reason must be at most {CancellationReasonMaxLength} characters.");
            CancellationReason = reason.Length == 0 ? null : reason;
        }

        now = now.ToUniversalTime();
        Status = StreamStatus.Cancelled;
        CancelledAt = now;
        CalendarSequence++;
        UpdatedAt = now;
        AddDomainEvent(new StreamCancelled(this));
    }

    /// <summary>A new scheduled class with the same details, at a new time.</summary>
    public LiveStream Duplicate(DateTimeOffset scheduledStart, DateTimeOffset now)
    {
        var copy = Schedule(InstructorId, Title, Description, Category, scheduledStart, DurationMinutes,
            PriceInTokens, Capacity, now);
        copy.ThumbnailPath = ThumbnailPath;
        copy.ReplayPriceInTokens = ReplayPriceInTokens;
        return copy;
    }

    /// <summary>
    /// A class may be deleted when no member holds a paid seat — before anyone paid, or once a
    /// cancellation has refunded every seat; never while it is live.
    /// </summary>
    public void EnsureCanDelete(bool hasPaidSeats)
    {
        if (Status == StreamStatus.Live) throw new DomainException("A live class cannot be deleted. End it first.");
        if (hasPaidSeats && Status == StreamStatus.Cancelled)
            throw new DomainException("Refunds for this class are still being processed. Try deleting it again in a few minutes.");
        if (hasPaidSeats)
            throw new DomainException("Members have paid for this class. Cancel it first (that refunds them), then delete it.");
    }

    public void SetThumbnail(string? path, DateTimeOffset now)
    {
        ThumbnailPath = path;
        UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>The instructor's "Keep for the workout catalog" (or taking it back), until the recording is deleted or migrated.</summary>
    public void MarkForCatalog(bool keep, DateTimeOffset now)
    {
        if (Status == StreamStatus.Cancelled) throw new DomainException("A cancelled class has no recording to keep.");
        if (WorkoutId is not null) throw new DomainException("This class is already in the workout catalog.");
        if (RecordingDeletedAt is { } deleted)
            throw new DomainException($"The recording of this class was deleted on {deleted:yyyy-MM-dd}; there is nothing left to keep.");
        CatalogMark = keep ? CatalogMark.Kept : CatalogMark.NotKept;
        UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>
    /// Keeps a class nobody decided about when at least <see cref="RetentionPolicy.CatalogAutoKeepEnrollments"/>
    /// members held a seat; an instructor's own choice always stands. Returns whether the class is kept.
    /// </summary>
    public bool ApplyAutomaticCatalogMark(int activeEnrollments, RetentionPolicy retention)
    {
        if (CatalogMark == CatalogMark.None && activeEnrollments >= retention.CatalogAutoKeepEnrollments)
            CatalogMark = CatalogMark.KeptAutomatically;
        return IsKeptForCatalog;
    }

    /// <summary>The replay window has closed (members can no longer watch it).</summary>
    public bool IsReplayWindowOver(DateTimeOffset now) => Status == StreamStatus.Ended && RecordingExpiresAt <= now;

    /// <summary>Records that the recording's files were deleted because the replay window closed and the class was not kept.</summary>
    public void RecordRecordingDeleted(DateTimeOffset now)
    {
        if (!IsReplayWindowOver(now)) throw new DomainException("A recording is deleted only once its replay window has closed.");
        if (IsKeptForCatalog) throw new DomainException("This recording is kept for the workout catalog.");
        if (RecordingDeletedAt is not null) throw new DomainException("The recording was already deleted.");
        now = now.ToUniversalTime();
        RecordingDeletedAt = now;
        UpdatedAt = now;
    }

    /// <summary>Whether the catalog migration takes this class now: ended, due, kept, its recording there and not migrated yet.</summary>
    public bool IsDueForCatalog(DateTimeOffset now) =>
        Status == StreamStatus.Ended && MigrationScheduledAt <= now && IsKeptForCatalog && RecordingDeletedAt is null && WorkoutId is null;

    /// <summary>Records the workout this class became. A class moves to the catalog once: a second time is refused.</summary>
    public void RecordMovedToCatalog(Guid workoutId, DateTimeOffset now)
    {
        if (WorkoutId is not null) throw new DomainException("This class is already in the workout catalog.");
        if (!IsDueForCatalog(now)) throw new DomainException("This class is not due for the workout catalog.");
        WorkoutId = workoutId;
        UpdatedAt = now.ToUniversalTime();
    }

    public void RecordConcurrentViewers(int viewers)
    {
        if (viewers > PeakViewers) PeakViewers = viewers;
    }

    /// <summary>Whether members may still enroll (scheduled or live; not ended or cancelled).</summary>
    public bool IsOpenForEnrollment => Status is StreamStatus.Scheduled or StreamStatus.Live;

    /// <summary>Until when a member may cancel an enrollment (with a full refund): <paramref name="window"/> before the start.</summary>
    public DateTimeOffset CancellationDeadline(TimeSpan window) => ScheduledStart - window;

    /// <summary>Still scheduled although its time is over: it never went live and takes no enrollments.</summary>
    public bool IsOverdue(DateTimeOffset now) => Status == StreamStatus.Scheduled && now >= ScheduledEnd;

    /// <summary>Seats still free, or null when the class has no capacity limit.</summary>
    public int? SeatsLeft => Capacity is { } capacity ? Math.Max(0, capacity - SeatsTaken) : null;

    /// <summary>Takes a seat for a new enrollment (see <see cref="Enrollments.Enrollment.Open"/>).</summary>
    internal void ReserveSeat(DateTimeOffset now)
    {
        if (!IsOpenForEnrollment)
            throw new DomainException($"This class is {Status.ToString().ToLowerInvariant()} and no longer takes enrollments.");
        if (IsOverdue(now))
            throw new DomainException("This class was due to be over by now and no longer takes enrollments.");
        if (SeatsLeft == 0) throw new DomainException("This class is full.");
        SeatsTaken++;
    }

    /// <summary>Gives a seat back when an enrollment fails or is refunded.</summary>
    internal void ReleaseSeat()
    {
        if (SeatsTaken > 0) SeatsTaken--;
    }

    private void SetTiming(DateTimeOffset scheduledStart, int durationMinutes)
    {
        if (durationMinutes <= 0) throw new DomainException("Duration must be at least one minute.");
        ScheduledStart = scheduledStart.ToUniversalTime();
        DurationMinutes = durationMinutes;
    }

    private void SetPrice(int priceInTokens)
    {
        if (priceInTokens < 0) throw new DomainException("Price cannot be negative.");
        PriceInTokens = priceInTokens;
    }

    private void SetCapacity(int? capacity)
    {
        if (capacity is < 1) throw new DomainException("Capacity must be at least 1, or empty for unlimited.");
        Capacity = capacity;
    }

    private void EnsureEditable()
    {
        if (Status is StreamStatus.Ended or StreamStatus.Cancelled)
            throw new DomainException($"A class that is {Status.ToString().ToLowerInvariant()} can no longer be edited.");
    }

    private void EnsureStatus(StreamStatus expected, string action)
    {
        if (Status != expected)
            throw new DomainException($"You cannot {action} a class that is {Status.ToString().ToLowerInvariant()}.");
    }
}
