using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests;

public class StreamsPageTests : WebTestBase
{
    private async Task<string> InstructorAsync(string name)
    {
        var email = UniqueEmail("coach");
        var (id, errors) = await InScopeAsync(sp => sp.GetRequiredService<IIdentityService>()
            .CreateUserAsync(email, Password, name, "Instructor", CancellationToken.None));
        return id ?? throw new AssertionException(string.Join(" ", errors));
    }

    private async Task<LiveStream> InsertAsync(string instructorId, string title, TimeSpan startsIn, bool cancel = false)
    {
        var now = Factory.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, title, "Bring a mat.", "Yoga", now + startsIn, 45, 3, 20, now);
        if (cancel) stream.Cancel(now);
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            db.Streams.Add(stream);
            return await db.SaveChangesAsync();
        });
        return stream;
    }

    [Test]
    public async Task The_classes_page_lists_a_scheduled_class_and_not_a_cancelled_one()
    {
        var instructor = await InstructorAsync("Coach Carter");
        var listed = $"Sunrise flow {Guid.NewGuid():N}";
        var cancelled = $"Cancelled flow {Guid.NewGuid():N}";
        await InsertAsync(instructor, listed, TimeSpan.FromDays(1));
        await InsertAsync(instructor, cancelled, TimeSpan.FromDays(2), cancel: true);
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync("/streams");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
            Assert.That(page.Text, Does.Contain(listed));
            Assert.That(page.Text, Does.Not.Contain(cancelled));
            Assert.That(page.Text, Does.Contain("Coach Carter"), "the instructor's name is shown");
        }
    }

    [Test]
    public async Task The_home_page_shows_upcoming_classes_too()
    {
        var instructor = await InstructorAsync("Coach Home");
        var title = $"Home page class {Guid.NewGuid():N}";
        await InsertAsync(instructor, title, TimeSpan.FromHours(1));
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync("/");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.Text, Does.Contain(title));
    }
}
