using Streaming.Domain.Enrollments;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>
/// ux_enrollments_member_seat: PostgreSQL itself refuses a second seat (Pending or Active) for the
/// same member in the same class, even when the application's own check is bypassed (as here).
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class EnrollmentSeatIndexTests
{
    private const string SeatIndex = "ux_enrollments_member_seat";

    private readonly TestClock _clock = new();
    private TestDatabase _database = null!;
    private string _memberId = null!;
    private Guid _streamId;

    [SetUp]
    public async Task CreateAClassAndAMember()
    {
        _database = await TestDatabase.CreateAsync();
        var instructorId = await Db.AddAccountAsync(_database, "coach@example.com", _clock.Now);
        _memberId = await Db.AddAccountAsync(_database, "ana@example.com", _clock.Now);
        _streamId = await TestStreams.AddScheduledAsync(_database, instructorId, _clock.Now);
    }

    [TearDown]
    public async Task DropTheDatabase() => await _database.DisposeAsync();

    private Task<int> SeatsTakenAsync() =>
        Db.ReadAsync(_database, db => db.Streams.Where(s => s.Id == _streamId).Select(s => s.SeatsTaken).SingleAsync());

    [TestCase(EnrollmentStatus.Pending)]
    [TestCase(EnrollmentStatus.Active)]
    public async Task SecondSeat_ForTheSameMemberAndClass_IsRefusedByPostgres(EnrollmentStatus firstStatus)
    {
        await TestStreams.AddEnrollmentAsync(_database, _streamId, _memberId, firstStatus, _clock.Now);

        var failure = Assert.ThrowsAsync<DbUpdateException>(
            () => TestStreams.AddEnrollmentAsync(_database, _streamId, _memberId, EnrollmentStatus.Pending, _clock.Now));

        var postgres = failure.InnerException as PostgresException;
        Assert.That(postgres, Is.Not.Null, failure.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(postgres!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
            Assert.That(postgres.ConstraintName, Is.EqualTo(SeatIndex));
            Assert.That(await Db.CountAsync(_database, "enrollments"), Is.EqualTo(1));
            Assert.That(await SeatsTakenAsync(), Is.EqualTo(1), "the seat count taken in the same SaveChanges is rolled back too");
        }
    }

    [TestCase(EnrollmentStatus.Refunded)]
    [TestCase(EnrollmentStatus.Failed)]
    public async Task NewPendingSeat_AfterARefundedOrFailedOne_IsAllowed(EnrollmentStatus firstStatus)
    {
        await TestStreams.AddEnrollmentAsync(_database, _streamId, _memberId, firstStatus, _clock.Now);

        await TestStreams.AddEnrollmentAsync(_database, _streamId, _memberId, EnrollmentStatus.Pending, _clock.Now);

        Assert.That(await Db.CountAsync(_database, "enrollments"), Is.EqualTo(2));
        Assert.That(await SeatsTakenAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task SeveralEndedSeats_ForTheSameMember_AreAllowed()
    {
        await TestStreams.AddEnrollmentAsync(_database, _streamId, _memberId, EnrollmentStatus.Failed, _clock.Now);
        await TestStreams.AddEnrollmentAsync(_database, _streamId, _memberId, EnrollmentStatus.Refunded, _clock.Now);
        await TestStreams.AddEnrollmentAsync(_database, _streamId, _memberId, EnrollmentStatus.Failed, _clock.Now);

        Assert.That(await Db.CountAsync(_database, "enrollments"), Is.EqualTo(3));
    }

    [Test]
    public async Task OtherMembers_AndOtherClasses_AreNotAffected()
    {
        var otherMember = await Db.AddAccountAsync(_database, "ben@example.com", _clock.Now);
        var instructorId = await Db.ReadAsync(_database, db => db.Streams.Where(s => s.Id == _streamId).Select(s => s.InstructorId).SingleAsync());
        var otherStream = await TestStreams.AddScheduledAsync(_database, instructorId, _clock.Now);

        await TestStreams.AddEnrollmentAsync(_database, _streamId, _memberId, EnrollmentStatus.Active, _clock.Now);
        await TestStreams.AddEnrollmentAsync(_database, _streamId, otherMember, EnrollmentStatus.Active, _clock.Now);
        await TestStreams.AddEnrollmentAsync(_database, otherStream, _memberId, EnrollmentStatus.Pending, _clock.Now);

        Assert.That(await Db.CountAsync(_database, "enrollments"), Is.EqualTo(3));
    }
}
