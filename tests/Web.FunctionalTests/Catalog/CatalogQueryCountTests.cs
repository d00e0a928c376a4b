using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport;

namespace Streaming.Web.FunctionalTests.Catalog;

/// <summary>The catalog issues a bounded number of SQL commands however many classes it shows (no N+1).</summary>
[NonParallelizable]
public class CatalogQueryCountTests
{
    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _client = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task CatalogPage_RunsTheSameSmallNumberOfCommands_ForTwoOrTwelveClasses()
    {
        await AddClassesAsync(2);
        var few = await CountCommandsAsync("/streams");

        await AddClassesAsync(30);
        var many = await CountCommandsAsync("/streams");
        var filtered = await CountCommandsAsync("/streams?price=Paid&q=class&page=2");

        Assert.Multiple(() =>
        {
            Assert.That(few, Is.GreaterThanOrEqualTo(2), "the counter sees the catalog queries");
            Assert.That(many, Is.EqualTo(few), "more classes must not mean more SQL commands");
            Assert.That(many, Is.LessThanOrEqualTo(4));
            Assert.That(filtered, Is.LessThanOrEqualTo(4));
        });
    }

    private async Task<int> CountCommandsAsync(string url)
    {
        using var counter = new CommandCounter();
        var response = await _client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return counter.Count;
    }

    private async Task AddClassesAsync(int count)
    {
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var instructorId = $"instructor-{Guid.NewGuid():N}";
        db.Users.Add(new Streaming.Infrastructure.Identity.ApplicationUser { Id = instructorId, UserName = instructorId, Email = $"{instructorId}@example.com" });
        db.Profiles.Add(new UserProfile(instructorId, $"Coach {count}", $"{instructorId}@example.com", _factory.Clock.Now));
        for (var i = 0; i < count; i++)
        {
            db.Streams.Add(LiveStream.Schedule(instructorId, $"Class {i}", "Description", "Yoga",
                _factory.Clock.Now.AddDays(1).AddHours(i), 45, i % 3, i % 2 == 0 ? 10 : null, _factory.Clock.Now));
        }

        await db.SaveChangesAsync();
    }
}
