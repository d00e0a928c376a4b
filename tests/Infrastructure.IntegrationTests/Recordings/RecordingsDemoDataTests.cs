using Streaming.Domain.Recordings;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Data.Seeding;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Recordings;

/// <summary>The demo data's recordings: across TipJar, M10 and DJDash, with real files made by FFmpeg.</summary>
public class RecordingsDemoDataTests
{
    [Test]
    public async Task DemoData_HasMeetingsAndCallsAcrossProducts_WithPlayableFiles()
    {
        var root = Directory.CreateTempSubdirectory("demo-blobs-").FullName;
        await using var database = await TestDatabase.CreateAsync();
        try
        {
            await using (var services = InfrastructureHost.Build(database, new TestClock(), new Dictionary<string, string?>
                         {
                             ["Seed:DemoData"] = "true",
                             ["Storage:Local:Root"] = root,
                         }))
            {
                await services.SeedAsync();
            }

            await using var db = new ApplicationDbContext(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(database.ConnectionString).Options);
            var rooms = await db.Recordings.AsNoTracking().Where(r => r.Kind == RecordingType.Meet).ToListAsync();
            var calls = await db.Recordings.AsNoTracking().Where(r => r.Kind == RecordingType.Voice).ToListAsync();
            var ana = await db.Profiles.Where(p => p.Email == "ana@demo.streaming.local").Select(p => p.Id).SingleAsync();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(rooms.Select(r => r.Product).Distinct(), Is.EquivalentTo(new[] { Products.TipJar, Products.M10, Products.DJDash }));
                Assert.That(calls.Select(c => c.Product).Distinct(), Is.EquivalentTo(new[] { Products.TipJar, Products.M10, Products.DJDash }));
                Assert.That(rooms.Any(r => r.OwnerId == ana && r.Product == Products.TipJar), Is.True, "Ana has a meeting to download and clip");
                Assert.That(rooms.Concat(calls).Count(), Is.EqualTo(7));
                foreach (var room in rooms)
                {
                    var file = Path.Combine(root, room.File!.Location);
                    Assert.That(new FileInfo(file).Length, Is.EqualTo(room.File.SizeBytes), room.Subject);
                    Assert.That(room.File.DurationSeconds, Is.EqualTo(60));
                }
            }

            var video = Path.Combine(root, rooms[0].File!.Location);
            Assert.That(await TestSupport.Recordings.TestMedia.DurationAsync(video), Is.EqualTo(60).Within(0.2), "ffprobe reads the demo video");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
