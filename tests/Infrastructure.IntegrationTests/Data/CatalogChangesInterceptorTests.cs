using Moq;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Data.Interceptors;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>
/// The cached catalog is dropped once a change to a class is committed, and not before: a save in
/// the use case's own transaction evicts at its commit (a catalog request in between would cache
/// the old rows again), not at all when it rolls back. Real PostgreSQL; the cache is the port.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class CatalogChangesInterceptorTests
{
    private readonly TestClock _clock = new();
    private TestDatabase _database = null!;
    private Guid _streamId;

    [SetUp]
    public async Task CreateAClass()
    {
        _database = await TestDatabase.CreateAsync();
        var instructorId = await Db.AddAccountAsync(_database, "coach@example.com", _clock.Now);
        _streamId = await TestStreams.AddScheduledAsync(_database, instructorId, _clock.Now);
    }

    [TearDown]
    public async Task DropTheDatabase() => await _database.DisposeAsync();

    private ApplicationDbContext Context(ICatalogCache cache) =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(_database.ConnectionString)
            .AddInterceptors(new CatalogChangesInterceptor(cache)).Options);

    /// <summary>Counts evictions, and records what another connection read of the class's title at each.</summary>
    private sealed class RecordingCache(TestDatabase database, Guid streamId) : ICatalogCache
    {
        public List<string> TitlesSeen { get; } = [];

        public async ValueTask EvictAsync(CancellationToken cancellationToken) =>
            TitlesSeen.Add(await Db.ReadAsync(database, db => db.Streams.Where(s => s.Id == streamId).Select(s => s.Title).SingleAsync(cancellationToken)));
    }

    [Test]
    public async Task A_save_of_its_own_evicts_once_the_change_is_in()
    {
        var cache = new RecordingCache(_database, _streamId);
        await using var db = Context(cache);
        (await db.Streams.SingleAsync(s => s.Id == _streamId)).UpdateDetails("Evening HIIT", null, null);

        await db.SaveChangesAsync();

        Assert.That(cache.TitlesSeen, Is.EqualTo(new[] { "Evening HIIT" }));
    }

    [Test]
    public async Task A_save_in_the_use_cases_transaction_evicts_at_the_commit()
    {
        var cache = new RecordingCache(_database, _streamId);
        await using var db = Context(cache);
        await using var transaction = await db.BeginTransactionAsync(CancellationToken.None);
        (await db.Streams.SingleAsync(s => s.Id == _streamId)).UpdateDetails("Evening HIIT", null, null);

        await db.SaveChangesAsync();
        Assert.That(cache.TitlesSeen, Is.Empty, "saved, not yet committed: nothing to evict for");

        await transaction.CommitAsync();
        Assert.That(cache.TitlesSeen, Is.EqualTo(new[] { "Evening HIIT" }), "evicted once, when others can read the new title");
    }

    [Test]
    public async Task A_save_in_a_transaction_that_rolls_back_evicts_nothing()
    {
        var cache = new RecordingCache(_database, _streamId);
        await using var db = Context(cache);
        await using (var transaction = await db.BeginTransactionAsync(CancellationToken.None))
        {
            (await db.Streams.SingleAsync(s => s.Id == _streamId)).UpdateDetails("Evening HIIT", null, null);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        // The same context's next transaction, without a change to the catalog, evicts nothing either.
        db.DiscardChanges();
        await using (var next = await db.BeginTransactionAsync(CancellationToken.None))
            await next.CommitAsync();

        Assert.That(cache.TitlesSeen, Is.Empty);
    }

    [Test]
    public async Task A_change_only_to_counters_evicts_nothing()
    {
        var cache = new Mock<ICatalogCache>();
        await using var db = Context(cache.Object);
        var stream = await db.Streams.SingleAsync(s => s.Id == _streamId);
        db.Entry(stream).Property(s => s.PeakViewers).CurrentValue = 7;

        await db.SaveChangesAsync();

        cache.Verify(c => c.EvictAsync(It.IsAny<CancellationToken>()), Times.Never);
    }
}
