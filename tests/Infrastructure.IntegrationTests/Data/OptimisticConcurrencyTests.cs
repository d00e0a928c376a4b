using Streaming.Domain.Enrollments;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>PostgreSQL's xmin is the row version of classes and enrollments: the second of two overlapping edits loses.</summary>
[Parallelizable(ParallelScope.Self)]
public class OptimisticConcurrencyTests
{
    private readonly TestClock _clock = new();
    private TestDatabase _database = null!;
    private string _instructorId = null!;

    [SetUp]
    public async Task CreateAnInstructor()
    {
        _database = await TestDatabase.CreateAsync();
        _instructorId = await Db.AddAccountAsync(_database, "coach@example.com", _clock.Now);
    }

    [TearDown]
    public async Task DropTheDatabase() => await _database.DisposeAsync();

    private static uint VersionOf(ApplicationDbContext db, object entity) => (uint)db.Entry(entity).Property("Version").CurrentValue!;

    [Test]
    public async Task LiveStream_Version_IsReadFromXmin_AndChangesOnEveryUpdate()
    {
        var streamId = await TestStreams.AddScheduledAsync(_database, _instructorId, _clock.Now);
        await using var db = Db.Context(_database);
        var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
        var before = VersionOf(db, stream);

        stream.UpdateDetails("Evening HIIT", null, null);
        await db.SaveChangesAsync();

        var xmin = await Db.QueryAsync(_database, $"SELECT xmin::text FROM live_streams WHERE id = '{streamId}'", r => uint.Parse(r.GetString(0), System.Globalization.CultureInfo.InvariantCulture));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(before, Is.Not.Zero);
            Assert.That(VersionOf(db, stream), Is.Not.EqualTo(before), "SaveChanges reads the new xmin back");
            Assert.That(VersionOf(db, stream), Is.EqualTo(xmin.Single()));
        }
    }

    [Test]
    public async Task LiveStream_TwoContextsEditTheSameClass_TheSecondSaveThrows()
    {
        var streamId = await TestStreams.AddScheduledAsync(_database, _instructorId, _clock.Now);
        await using var first = Db.Context(_database);
        await using var second = Db.Context(_database);
        var inFirst = await first.Streams.SingleAsync(s => s.Id == streamId);
        var inSecond = await second.Streams.SingleAsync(s => s.Id == streamId);

        inFirst.UpdateDetails("Title from the first tab", null, null);
        inSecond.Reschedule(_clock.Now.AddDays(2), 60, _clock.Now);
        await first.SaveChangesAsync();

        Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        var saved = await Db.ReadAsync(_database, db => db.Streams.SingleAsync(s => s.Id == streamId));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(saved.Title, Is.EqualTo("Title from the first tab"));
            Assert.That(saved.DurationMinutes, Is.EqualTo(45), "the losing edit left nothing behind");
        }
    }

    [Test]
    public async Task LiveStream_AfterAConflict_ReloadingLetsTheSecondEditThrough()
    {
        var streamId = await TestStreams.AddScheduledAsync(_database, _instructorId, _clock.Now);
        await using var first = Db.Context(_database);
        await using var second = Db.Context(_database);
        var inFirst = await first.Streams.SingleAsync(s => s.Id == streamId);
        var inSecond = await second.Streams.SingleAsync(s => s.Id == streamId);
        inFirst.UpdateDetails("First", null, null);
        await first.SaveChangesAsync();
        inSecond.UpdateDetails("Second", null, null);
        Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        second.ChangeTracker.Clear();
        var fresh = await second.Streams.SingleAsync(s => s.Id == streamId);
        fresh.UpdateDetails("Second", null, null);
        await second.SaveChangesAsync();

        Assert.That(await Db.ReadAsync(_database, db => db.Streams.Where(s => s.Id == streamId).Select(s => s.Title).SingleAsync()), Is.EqualTo("Second"));
    }

    [Test]
    public async Task Enrollment_PaymentConfirmedAndFailedAtTheSameTime_OnlyOneWins()
    {
        var streamId = await TestStreams.AddScheduledAsync(_database, _instructorId, _clock.Now, price: 5);
        var memberId = await Db.AddAccountAsync(_database, "ana@example.com", _clock.Now);
        var enrollmentId = await TestStreams.AddEnrollmentAsync(_database, streamId, memberId, EnrollmentStatus.Pending, _clock.Now);
        await using var webhook = Db.Context(_database);
        await using var timeout = Db.Context(_database);
        var paid = await webhook.Enrollments.Include(e => e.Stream).SingleAsync(e => e.Id == enrollmentId);
        var failed = await timeout.Enrollments.Include(e => e.Stream).SingleAsync(e => e.Id == enrollmentId);

        paid.Activate("ledger-tx-9", _clock.Now);
        failed.Fail("No answer from the payment provider.");
        await webhook.SaveChangesAsync();

        Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => timeout.SaveChangesAsync());
        var saved = await Db.ReadAsync(_database, db => db.Enrollments.Include(e => e.Stream).SingleAsync(e => e.Id == enrollmentId));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(saved.Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(saved.Stream.SeatsTaken, Is.EqualTo(1), "the failed path did not give the seat back");
        }
    }

    [Test]
    public async Task LiveStream_TwoMembersRaceForTheLastSeat_TheSecondSaveThrows()
    {
        var streamId = await TestStreams.AddScheduledAsync(_database, _instructorId, _clock.Now, capacity: 1);
        var ana = await Db.AddAccountAsync(_database, "ana@example.com", _clock.Now);
        var ben = await Db.AddAccountAsync(_database, "ben@example.com", _clock.Now);
        await using var first = Db.Context(_database);
        await using var second = Db.Context(_database);
        var seenByAna = await first.Streams.SingleAsync(s => s.Id == streamId);
        var seenByBen = await second.Streams.SingleAsync(s => s.Id == streamId);

        first.Enrollments.Add(TestStreams.Enroll(seenByAna, ana, EnrollmentStatus.Pending, _clock.Now));
        second.Enrollments.Add(TestStreams.Enroll(seenByBen, ben, EnrollmentStatus.Pending, _clock.Now));
        await first.SaveChangesAsync();

        Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Db.CountAsync(_database, "enrollments"), Is.EqualTo(1), "the class is not overbooked");
            Assert.That(await Db.ReadAsync(_database, db => db.Streams.Where(s => s.Id == streamId).Select(s => s.SeatsTaken).SingleAsync()), Is.EqualTo(1));
        }
    }
}
