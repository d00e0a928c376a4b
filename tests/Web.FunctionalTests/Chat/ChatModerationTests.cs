using Microsoft.AspNetCore.SignalR;
using Streaming.Application.Chat.Common;
using Streaming.Application.Chat.Commands.MuteChatMember;
using Streaming.Application.Chat.Queries.GetChatReports;
using Streaming.Application.Chat.Queries.JoinChat;
using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Chat;

/// <summary>Delete, mute, slow mode and reports, by the class's instructor and super admins only.</summary>
[CancelAfter(120_000)]
public class ChatModerationTests : ChatTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
    }

    private async Task<(User Instructor, User Member, User Other, LiveStream Stream)> LiveClassAsync()
    {
        var instructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var other = await SignUpAsync();
        var stream = await ScheduleAsync(instructor.Id, state: StreamStatus.Live);
        await EnrollDirectlyAsync(stream.Id, member.Id);
        await EnrollDirectlyAsync(stream.Id, other.Id);
        return (instructor, member, other, stream);
    }

    private async Task<User> AdminAsync()
    {
        var cookies = new System.Net.CookieContainer();
        var visitor = new PageClient(Factory.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies)));
        var login = await SubmitLoginAsync(visitor, _adminEmail, Password);
        Assert.That((int)login.StatusCode, Is.EqualTo(302), "the super admin signs in");
        return new User(visitor, cookies, _adminEmail, await UserIdAsync(_adminEmail));
    }

    private static async Task<string> RefusalAsync(Func<Task> call) => Assert.ThrowsAsync<HubException>(async () => await call())!.Message;

    [Test]
    public async Task The_instructor_deletes_a_message_for_everyone_at_once_and_it_stays_stored_as_deleted()
    {
        var (instructor, member, other, stream) = await LiveClassAsync();
        await using var memberChat = await ConnectChatAsync(member);
        await using var otherChat = await ConnectChatAsync(other);
        await using var coachChat = await ConnectChatAsync(instructor);
        foreach (var chat in new[] { memberChat, otherChat, coachChat }) await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        var rude = await memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "something rude");

        Assert.That(await RefusalAsync(() => otherChat.InvokeAsync("Delete", stream.Id, rude.Id)), Does.Contain("Only the class's instructor and administrators"));
        await coachChat.InvokeAsync("Delete", stream.Id, rude.Id);
        foreach (var chat in new[] { memberChat, otherChat, coachChat }) await chat.Deleted.WaitForAsync(id => id == rude.Id);

        var stored = (await StoredMessagesAsync(stream.Id)).Single();
        Assert.That(stored.Text, Is.EqualTo("something rude"), "kept on record");
        Assert.That(stored.DeletedAt, Is.Not.Null);
        Assert.That(stored.DeletedById, Is.EqualTo(instructor.Id));
        await using var late = await ConnectChatAsync(other);
        Assert.That((await late.InvokeAsync<ChatRoomDto>("Join", stream.Id)).Messages, Is.Empty, "gone from the history");
    }

    [Test]
    public async Task A_muted_member_reads_but_cannot_write_for_the_rest_of_the_class()
    {
        var (instructor, member, other, stream) = await LiveClassAsync();
        await using var memberChat = await ConnectChatAsync(member);
        await using var otherChat = await ConnectChatAsync(other);
        await using var coachChat = await ConnectChatAsync(instructor);
        foreach (var chat in new[] { memberChat, otherChat, coachChat }) await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);

        Assert.That(await RefusalAsync(() => otherChat.InvokeAsync<ChatMuteDto>("Mute", stream.Id, member.Id)), Does.Contain("Only the class's instructor"));
        Assert.That(await RefusalAsync(() => coachChat.InvokeAsync<ChatMuteDto>("Mute", stream.Id, instructor.Id)), Does.Contain("cannot be muted"));
        var stranger = await SignUpAsync();
        Assert.That(await RefusalAsync(() => coachChat.InvokeAsync<ChatMuteDto>("Mute", stream.Id, stranger.Id)), Does.Contain("No such"), "not a member of the class");

        await coachChat.InvokeAsync<ChatMuteDto>("Mute", stream.Id, member.Id);
        Assert.That((await memberChat.Muted.WaitForAsync(m => m.MemberId == member.Id)).DisplayName, Is.EqualTo("Test Member"));
        Assert.That(await RefusalAsync(() => memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "am I muted?")), Does.Contain("muted you for the rest of this class"));
        Factory.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.That(await RefusalAsync(() => memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "still?")), Does.Contain("muted"));

        var fromOther = await otherChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "I can still talk");
        await memberChat.Messages.WaitForAsync(m => m.Id == fromOther.Id);
        await using var rejoined = await ConnectChatAsync(member);
        Assert.That((await rejoined.InvokeAsync<ChatRoomDto>("Join", stream.Id)).IsMuted, Is.True);
    }

    [Test]
    public async Task Slow_mode_allows_one_message_per_interval_to_members_but_not_to_the_instructor()
    {
        var (instructor, member, _, stream) = await LiveClassAsync();
        await using var memberChat = await ConnectChatAsync(member);
        await using var coachChat = await ConnectChatAsync(instructor);
        await memberChat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        await coachChat.InvokeAsync<ChatRoomDto>("Join", stream.Id);

        Assert.That(await RefusalAsync(() => memberChat.InvokeAsync<int>("SlowMode", stream.Id, 30)), Does.Contain("Only the class's instructor"));
        Assert.That(await RefusalAsync(() => coachChat.InvokeAsync<int>("SlowMode", stream.Id, 301)), Does.Contain("between 0 (off) and 300 seconds"));
        Assert.That(await coachChat.InvokeAsync<int>("SlowMode", stream.Id, 30), Is.EqualTo(30));
        Assert.That(await memberChat.SlowMode.WaitForAsync(s => s == 30), Is.EqualTo(30));

        await memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "one");
        Factory.Clock.Advance(TimeSpan.FromSeconds(12));
        Assert.That(await RefusalAsync(() => memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "two")), Does.Contain("Slow mode is on: one message every 30 s. Wait 18 s."));
        await coachChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "coach a");
        await coachChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "coach b");

        Factory.Clock.Advance(TimeSpan.FromSeconds(18));
        await memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "two");
        await coachChat.InvokeAsync<int>("SlowMode", stream.Id, 0);
        await memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "three");
        Assert.That((await memberChat.InvokeAsync<ChatRoomDto>("Join", stream.Id)).SlowModeSeconds, Is.EqualTo(0));
    }

    [Test]
    public async Task Members_report_messages_and_only_moderators_see_the_reports()
    {
        var (instructor, member, other, stream) = await LiveClassAsync();
        await using var memberChat = await ConnectChatAsync(member);
        await using var otherChat = await ConnectChatAsync(other);
        await using var coachChat = await ConnectChatAsync(instructor);
        foreach (var chat in new[] { memberChat, otherChat, coachChat }) await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        var rude = await memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "buy followers at spam.example");

        Assert.That(await RefusalAsync(() => memberChat.InvokeAsync("Report", stream.Id, rude.Id)), Does.Contain("your own message"));
        await otherChat.InvokeAsync("Report", stream.Id, rude.Id);
        await otherChat.InvokeAsync("Report", stream.Id, rude.Id); // a double click counts once
        var report = await coachChat.Reported.WaitForAsync(r => r.MessageId == rude.Id);
        Assert.That(report.Text, Is.EqualTo("buy followers at spam.example"));
        Assert.That(otherChat.Reported.Items, Is.Empty, "members do not hear about reports");

        var reports = await coachChat.InvokeAsync<IReadOnlyList<ChatReportDto>>("Reports", stream.Id);
        Assert.That(reports.Single().Reports, Is.EqualTo(1));
        Assert.That(reports.Single().AuthorId, Is.EqualTo(member.Id));
        Assert.That(await RefusalAsync(() => otherChat.InvokeAsync<IReadOnlyList<ChatReportDto>>("Reports", stream.Id)), Does.Contain("Only the class's instructor"));
    }

    [Test]
    public async Task A_super_admin_moderates_any_class_but_does_not_write_in_it()
    {
        var (_, member, _, stream) = await LiveClassAsync();
        var admin = await AdminAsync();
        await using var memberChat = await ConnectChatAsync(member);
        await using var adminChat = await ConnectChatAsync(admin);
        await memberChat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        var room = await adminChat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        Assert.That(room.CanModerate, Is.True);
        Assert.That(room.CanWrite, Is.False);

        var message = await memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "hello");
        await adminChat.Messages.WaitForAsync(m => m.Id == message.Id);
        Assert.That(await RefusalAsync(() => adminChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "admin here")), Does.Contain("Only the instructor and members enrolled"));
        await adminChat.InvokeAsync<ChatMuteDto>("Mute", stream.Id, member.Id);
        await adminChat.InvokeAsync("Delete", stream.Id, message.Id);
        await memberChat.Deleted.WaitForAsync(id => id == message.Id);

        var page = await admin.Visitor.Http.GetAsync($"/streams/{stream.Id}/chat");
        Assert.That(page.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), "the moderation page");
        var memberPage = await member.Visitor.Http.GetAsync($"/streams/{stream.Id}/chat");
        Assert.That(memberPage.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect), "members chat on the watch page");
        var stranger = await SignUpAsync();
        Assert.That((await stranger.Visitor.Http.GetAsync($"/streams/{stream.Id}/chat")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Forbidden));
    }
}
