using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Purchases;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Domain.Viewing;

namespace Streaming.Infrastructure.Data.Seeding;

/// <summary>Demo instructors, members and classes in every status, for a newcomer's first look.</summary>
public sealed class DemoDataSeeder(
    ApplicationDbContext db,
    IIdentityService identity,
    ITokenLedger ledger,
    TimeProvider clock,
    IOptions<RetentionPolicy> retention,
    Recordings.RecordingsDemoSeeder recordings,
    ILogger<DemoDataSeeder> logger)
{
    public const string Password = "Demo-pass-1";

    /// <summary>Extra members (member01…member12@demo.streaming.local) who attended the past classes.</summary>
    public const int CrowdSize = 12;

    /// <summary>Every demo account's email: the named ones and the crowd.</summary>
    public static IEnumerable<string> AllEmails =>
        Accounts.Select(a => a.Email).Concat(Enumerable.Range(1, CrowdSize).Select(i => $"member{i:00}@demo.streaming.local"));

    public static readonly IReadOnlyList<(string Email, string DisplayName, string Role)> Accounts =
    [
        ("maya@demo.streaming.local", "Coach Maya", Roles.Instructor),
        ("leo@demo.streaming.local", "Coach Leo", Roles.Instructor),
        ("ana@demo.streaming.local", "Ana Member", Roles.Member),
        ("ben@demo.streaming.local", "Ben Member", Roles.Member),
        ("cleo@demo.streaming.local", "Cleo Member", Roles.Member),
    ];

    private const string MayaBio = "Certified HIIT and mobility coach. Ten years of getting desk workers moving: short, honest intervals, then the stretches your back has been asking for.";
    private const string LeoBio = "Yoga teacher and strength coach. Strong flows, kettlebells and boxing combos, always with an option for every level.";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, string>();
        foreach (var (email, name, role) in Accounts)
        {
            var (id, errors) = await identity.CreateUserAsync(email, Password, name, Roles.Member, cancellationToken);
            ids[email] = id ?? throw new InvalidOperationException($"Demo account {email}: {string.Join(" ", errors)}");
            if (role != Roles.Member) await identity.AddToRoleAsync(id, role);
        }

        // A crowd of members who took the past classes, so that the analytics have something to show.
        var crowd = new List<string>();
        for (var i = 1; i <= CrowdSize; i++)
        {
            var (id, errors) = await identity.CreateUserAsync(AllEmails.ElementAt(Accounts.Count + i - 1), Password, $"Member {i:00}", Roles.Member, cancellationToken);
            crowd.Add(id ?? throw new InvalidOperationException($"Demo member {i}: {string.Join(" ", errors)}"));
        }

        // Demo addresses receive nothing: treat them as confirmed, so the demo shows no "confirm your address" banner.
        List<string> everyone = [.. ids.Values, .. crowd];
        await db.Users.Where(u => everyone.Contains(u.Id)).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, true), cancellationToken);

        var maya = ids[Accounts[0].Email];
        var leo = ids[Accounts[1].Email];
        // Bios for the instructors' public pages (no photo: their pages show initials until they upload one).
        foreach (var (id, bio) in new[] { (maya, MayaBio), (leo, LeoBio) })
            (await db.Profiles.SingleAsync(p => p.Id == id, cancellationToken)).ChangeBio(bio);
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);

        var live = Past(maya, "Morning HIIT Blast", "Twenty intervals to wake you up. Bring water.", "HIIT",
            now.AddMinutes(-10), 45, 5, capacity: null);
        live.GoLive(now.AddMinutes(-8));
        live.RecordConcurrentViewers(1);

        var upcoming = new[]
        {
            LiveStream.Schedule(maya, "Core & Mobility", "Slow core work and hip mobility for desk workers.", "Mobility",
                today.AddDays(1).AddHours(7), 30, 0, null, now),
            LiveStream.Schedule(leo, "Power Yoga Flow", "A strong vinyasa flow. Mats ready.", "Yoga",
                today.AddDays(1).AddHours(18), 60, 8, 12, now),
            LiveStream.Schedule(leo, "Kettlebell Strength", "Full-body strength with one kettlebell.", "Strength",
                today.AddDays(2).AddHours(17).AddMinutes(30), 50, 10, 3, now),
            LiveStream.Schedule(maya, "Sunday Stretch", "Gentle full-body stretch to end the week.", "Mobility",
                today.AddDays(4).AddHours(9), 40, 3, null, now),
        };

        var endedRecently = Past(leo, "Boxing Cardio", "Combos, footwork and a burnout finisher.", "Cardio",
            now.AddDays(-2), 45, 6, 20);
        endedRecently.GoLive(now.AddDays(-2));
        // Ben took a seat while the class was on, so he has a replay to watch.
        // (Paid seats need the built-in ledger; with an external one the demo has free seats only.)
        var earlySeats = new List<Enrollment>();
        if (ledger.IsBuiltIn)
        {
            earlySeats.Add(Enrollment.Open(endedRecently, ids[Accounts[3].Email], memberHoldsSeat: false, now.AddDays(-2)));
            for (var i = 0; i < 9; i++)
                earlySeats.Add(Enrollment.Open(endedRecently, crowd[i], memberHoldsSeat: false, now.AddDays(-8 + i * 0.7)));
        }
        endedRecently.RecordConcurrentViewers(10);
        endedRecently.End(now.AddDays(-2).AddMinutes(46), retention.Value);

        var endedLongAgo = Past(maya, "Pilates Basics", "The six principles of Pilates, step by step.", "Pilates",
            now.AddDays(-20), 40, 4, null);
        if (ledger.IsBuiltIn)
        {
            foreach (var member in new[] { Accounts[2], Accounts[3], Accounts[4] })
                earlySeats.Add(Enrollment.Open(endedLongAgo, ids[member.Email], memberHoldsSeat: false, now.AddDays(-25)));
            for (var i = 0; i < crowd.Count; i++)
                earlySeats.Add(Enrollment.Open(endedLongAgo, crowd[i], memberHoldsSeat: false, now.AddDays(-27 + i * 0.5)));
        }

        endedLongAgo.GoLive(now.AddDays(-20));
        endedLongAgo.RecordConcurrentViewers(15);
        endedLongAgo.End(now.AddDays(-20).AddMinutes(41), retention.Value);

        // Old enough for the jobs: the retention job deletes the first one's replay (its window closed
        // two days ago), the catalog migration turns the second (kept by Maya) into a workout.
        var replayExpired = Past(leo, "Spin Intervals", "Forty minutes of climbs and sprints on the bike.", "Cardio",
            now.AddDays(-9), 40, 0, null);
        replayExpired.GoLive(now.AddDays(-9));
        replayExpired.End(now.AddDays(-9).AddMinutes(40), retention.Value);
        var keptForCatalog = Past(maya, "Yoga for Runners", "Hips, hamstrings and calves: a flow for tired legs.", "Yoga",
            now.AddDays(-70), 35, 0, null);
        keptForCatalog.GoLive(now.AddDays(-70));
        keptForCatalog.MarkForCatalog(keep: true, now.AddDays(-69));
        keptForCatalog.End(now.AddDays(-70).AddMinutes(35), retention.Value);

        var cancelled = LiveStream.Schedule(leo, "Trail Run Prep", "Cancelled: the coach is injured.", "Cardio",
            today.AddDays(3).AddHours(6), 30, 5, null, now);
        cancelled.Cancel(now);

        LiveStream[] streams = [live, .. upcoming, endedRecently, endedLongAgo, replayExpired, keptForCatalog, cancelled];
        db.Streams.AddRange(streams);

        var ana = ids[Accounts[2].Email];
        var ben = ids[Accounts[3].Email];
        var cleo = ids[Accounts[4].Email];
        foreach (var member in new[] { ana, ben })
        {
            var enrollment = Enrollment.Open(upcoming[0], member, memberHoldsSeat: false, now);
            enrollment.Activate(null, now);
            db.Enrollments.Add(enrollment);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Tokens through the real ledger: Ana and Ben can afford several classes, Cleo only a cheap one.
        if (ledger.IsBuiltIn)
        {
            // Packs on /tokens/buy, so a new member can buy tokens and enroll straight away.
            foreach (var (name, tokens, cents) in new[] { ("Starter", 10, 500L), ("Regular", 25, 1000L), ("Big", 50, 1800L) })
                db.TokenPacks.Add(TokenPack.Create(name, tokens, new Money(cents, "EUR"), now));

            foreach (var (member, amount) in new[] { (ana, 50), (ben, 30), (cleo, 4) }.Concat(crowd.Select(m => (m, 30))))
                await ledger.GrantAsync(new LedgerGrant(member, amount, "Welcome tokens", $"demo-welcome:{member}"), cancellationToken);

            await EnrollPaidAsync(ana, live, now, cancellationToken);
            await EnrollPaidAsync(ana, upcoming[1], now, cancellationToken);
            await EnrollPaidAsync(ben, upcoming[2], now, cancellationToken);
            foreach (var seat in earlySeats) await PayAsync(seat, seat.CreatedAt, cancellationToken);
        }
        if (ledger.IsBuiltIn)
        {
            // Only members holding a seat watch.
            SeedViewing(endedRecently, [ben, .. crowd.Take(9)], now.AddDays(-2));
            SeedViewing(endedLongAgo, [ana, ben, cleo, .. crowd], now.AddDays(-20));
            SeedViewing(live, [ana], now.AddMinutes(-8));
        }
        await db.SaveChangesAsync(cancellationToken);

        await recordings.SeedAsync(db, ids, cancellationToken);
        foreach (var stream in new[] { replayExpired, keptForCatalog })
            await SeedReplayAsync(stream, cancellationToken);
        logger.LogInformation("Seeded {Accounts} demo accounts and {Streams} demo classes", Accounts.Count, streams.Length);

        // A replay as the replay job leaves it: the demo video under the class's replay key, Available.
        async Task SeedReplayAsync(LiveStream stream, CancellationToken ct)
        {
            var key = Application.Live.Replay.ReplayKeys.Replay(stream.Id);
            if (await recordings.CopyDemoVideoAsync(key, ct) is not { } size) return;
            var ended = stream.EndedAt!.Value;
            var recording = LiveRecording.Start(stream.Id, stream.StartedAt!.Value);
            recording.StartProcessing(ended);
            recording.Complete(key, size, Recordings.RecordingsDemoSeeder.DemoVideoSeconds, ended.AddMinutes(2));
            db.LiveRecordings.Add(recording);
            await db.SaveChangesAsync(ct);
        }

        Task EnrollPaidAsync(string member, LiveStream stream, DateTimeOffset at, CancellationToken ct) =>
            PayAsync(Enrollment.Open(stream, member, memberHoldsSeat: false, at), at, ct);

        async Task PayAsync(Enrollment enrollment, DateTimeOffset at, CancellationToken ct)
        {
            var stream = enrollment.Stream;
            var member = enrollment.MemberId;
            var paid = await ledger.DeductAsync(
                new LedgerDeduction(member, enrollment.TokensPaid, $"Class: {stream.Title}", stream.Id, enrollment.PaymentKey), ct);
            enrollment.Activate(paid.TransactionId, at);
            db.Enrollments.Add(enrollment);
            await db.SaveChangesAsync(ct);
        }

        // Viewers joining and leaving through the class (for the analytics charts), plus a few replays.
        void SeedViewing(LiveStream stream, string[] members, DateTimeOffset started)
        {
            var length = TimeSpan.FromMinutes(stream.DurationMinutes);
            for (var i = 0; i < members.Length; i++)
            {
                // Arrivals over the first ten minutes, departures over the last fifteen.
                var joined = started.AddMinutes(i * 2 % 11);
                var end = started + length - TimeSpan.FromMinutes(i * 3 % 16);
                if (end <= joined) end = joined.AddMinutes(5);
                if (end > now) end = now;
                var session = new ViewerSession(stream.Id, members[i], ViewingMode.Live, joined);
                session.Heartbeat(end);
                if (stream.Status == StreamStatus.Ended) session.Leave(end);
                db.ViewerSessions.Add(session);
            }

            if (stream.Status == StreamStatus.Ended)
            {
                var replay = new ViewerSession(stream.Id, members[0], ViewingMode.Replay, started.AddDays(1));
                replay.Leave(started.AddDays(1).AddMinutes(20));
                db.ViewerSessions.Add(replay);
            }
        }

        LiveStream Past(string instructor, string title, string description, string category,
            DateTimeOffset start, int minutes, int price, int? capacity) =>
            LiveStream.Schedule(instructor, title, description, category, start, minutes, price, capacity, start.AddDays(-7));
    }

    public static string DescribeLogins(SeedOptions options)
    {
        var lines = new List<string> { "Demo logins (password for all demo accounts: " + Password + "):" };
        if (options.SuperAdmin.Email is { } admin)
            lines.Add($"  super admin  {admin}  (password from Seed:SuperAdmin:Password)");
        lines.AddRange(Accounts.Select(a => $"  {a.Role.ToLowerInvariant(),-11}  {a.Email}"));
        return string.Join(Environment.NewLine, lines);
    }
}
