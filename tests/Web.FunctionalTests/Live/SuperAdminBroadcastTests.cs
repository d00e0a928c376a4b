using System.Net;
using Streaming.TestSupport;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>Broadcasting belongs to the class's own instructor: a super admin may edit or cancel, not broadcast.</summary>
public class SuperAdminBroadcastTests : LiveTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
    }

    [Test]
    public async Task A_super_admin_gets_404_on_someone_elses_broadcast_page_and_cannot_go_live()
    {
        var owner = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(owner.Id);
        using var admin = NewVisitor();
        var login = await SubmitLoginAsync(admin, _adminEmail, Password);
        Assert.That((int)login.StatusCode, Is.EqualTo(302), "the super admin signs in");

        var page = await admin.Http.GetAsync($"/instructor/streams/{stream.Id}/broadcast");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // The dashboard still lets the super admin manage the class.
        var edit = await admin.Http.GetAsync($"/instructor/streams/{stream.Id}/edit");
        Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
