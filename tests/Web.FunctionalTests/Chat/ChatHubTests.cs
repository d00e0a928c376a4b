using Microsoft.AspNetCore.SignalR;
using Streaming.Application.Chat.Common;
using Streaming.Application.Chat.Queries.GetChatReports;
using Streaming.Application.Chat.Queries.JoinChat;
using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Chat;

/// <summary>The chat hub through the SignalR .NET client: who may read and write, and what is accepted.</summary>
[CancelAfter(120_000)]
public class ChatHubTests : ChatTestBase
{
    private async Task<(User Instructor, User Member, LiveStream Stream)> LiveClassAsync(StreamStatus state = StreamStatus.Live)
    {
        var instructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await ScheduleAsync(instructor.Id, state: state);
        await EnrollDirectlyAsync(stream.Id, member.Id);
        return (instructor, member, stream);
    }

    private static async Task<string> RefusalAsync(Func<Task> call)
    {
        var error = Assert.ThrowsAsync<HubException>(async () => await call());
        return error!.Message;
    }

    [Test]
    public async Task A_message_reaches_everyone_in_the_class_and_is_stored()
    {
        var (instructor, member, stream) = await LiveClassAsync();
        var other = await SignUpAsync();
        await EnrollDirectlyAsync(stream.Id, other.Id);
        await using var memberChat = await ConnectChatAsync(member);
        await using var otherChat = await ConnectChatAsync(other);
        await using var instructorChat = await ConnectChatAsync(instructor);
        foreach (var chat in new[] { memberChat, otherChat, instructorChat })
        {
            var room = await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
            Assert.That(room.State, Is.EqualTo(ChatState.Open));
        }

        var sent = await memberChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "  Hello, coach!  ");
        Assert.That(sent.Text, Is.EqualTo("Hello, coach!"), "trimmed");
        foreach (var chat in new[] { memberChat, otherChat, instructorChat })
            Assert.That((await chat.Messages.WaitForAsync(m => m.Id == sent.Id)).AuthorId, Is.EqualTo(member.Id));

        var reply = await instructorChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "Welcome!");
        Assert.That((await memberChat.Messages.WaitForAsync(m => m.Id == reply.Id)).ByInstructor, Is.True);

        var stored = await StoredMessagesAsync(stream.Id);
        Assert.That(stored.Select(m => m.Text), Is.EqualTo(new[] { "Hello, coach!", "Welcome!" }));
        await using var late = await ConnectChatAsync(other);
        var history = await late.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        Assert.That(history.Messages.Select(m => m.Text), Is.EqualTo(new[] { "Hello, coach!", "Welcome!" }), "history on join");
    }

    [Test]
    public async Task Anonymous_visitors_cannot_connect()
    {
        var error = Assert.ThrowsAsync<HttpRequestException>(async () => await ConnectChatAsync(null));
        Assert.That(error!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_member_not_enrolled_can_neither_read_nor_write_and_nothing_is_stored()
    {
        var (_, _, stream) = await LiveClassAsync();
        var stranger = await SignUpAsync();
        await using var chat = await ConnectChatAsync(stranger);

        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatRoomDto>("Join", stream.Id)), Does.Contain("Only members enrolled in this class"));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "let me in")), Does.Contain("Only members enrolled"));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatPageDto>("Older", stream.Id, 1000L)), Does.Contain("Only members enrolled"));
        Assert.That(await StoredMessagesAsync(stream.Id), Is.Empty);
    }

    [Test]
    public async Task A_member_of_one_class_cannot_use_another_classes_chat()
    {
        var (_, member, mine) = await LiveClassAsync();
        var (otherInstructor, otherMember, other) = await LiveClassAsync();
        await using var chat = await ConnectChatAsync(member);
        await chat.InvokeAsync<ChatRoomDto>("Join", mine.Id);
        await using var otherChat = await ConnectChatAsync(otherMember);
        await otherChat.InvokeAsync<ChatRoomDto>("Join", other.Id);
        var theirs = await otherChat.InvokeAsync<ChatMessageDto>("Send", other.Id, "our class only");

        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatRoomDto>("Join", other.Id)), Does.Contain("Only members enrolled"));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", other.Id, "hi")), Does.Contain("Only members enrolled"));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync("Report", mine.Id, theirs.Id)), Does.Contain("No such"), "a message of another class");
        Assert.That(chat.Messages.Items, Is.Empty, "nothing of the other class reached this member");

        // The other class's instructor moderates only their own class.
        await using var otherCoach = await ConnectChatAsync(otherInstructor);
        Assert.That(await RefusalAsync(() => otherCoach.InvokeAsync("Delete", mine.Id, theirs.Id)), Does.Contain("Only members enrolled"));
        Assert.That(await RefusalAsync(() => otherCoach.InvokeAsync("Delete", other.Id, Guid.NewGuid())), Does.Contain("No such"));
    }

    [Test]
    public async Task The_chat_opens_when_the_class_goes_live_and_is_read_only_after_the_end()
    {
        var (instructor, member, stream) = await LiveClassAsync(StreamStatus.Scheduled);
        await using var chat = await ConnectChatAsync(member);
        Assert.That((await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id)).State, Is.EqualTo(ChatState.NotOpenYet));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "early")), Does.Contain("opens when the class goes live"));

        var coach = instructor.Visitor;
        var live = await PostJsonAsync(instructor, $"/instructor/streams/{stream.Id}/broadcast/live", $"/instructor/streams/{stream.Id}/broadcast");
        Assert.That(live.IsSuccessStatusCode, await live.Content.ReadAsStringAsync());
        await chat.State.WaitForAsync(s => s == nameof(ChatState.Open));
        await chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "now we talk");

        var end = await PostJsonAsync(instructor, $"/instructor/streams/{stream.Id}/broadcast/end", $"/instructor/streams/{stream.Id}/broadcast");
        Assert.That(end.IsSuccessStatusCode, await end.Content.ReadAsStringAsync());
        await chat.State.WaitForAsync(s => s == nameof(ChatState.ReadOnly));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "too late")), Does.Contain("ended: the chat is read-only"));

        await using var later = await ConnectChatAsync(member);
        var room = await later.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        Assert.That(room.State, Is.EqualTo(ChatState.ReadOnly));
        Assert.That(room.Messages.Select(m => m.Text), Is.EqualTo(new[] { "now we talk" }), "the history stays beside the replay");
        var watchPage = await member.Visitor.GetAsync($"/streams/{stream.Id}/watch");
        Assert.That(watchPage.Document.QuerySelector("#replay"), Is.Not.Null);
        Assert.That(watchPage.Document.QuerySelector("#chat")?.GetAttribute("data-stream-id"), Is.EqualTo(stream.Id.ToString()), "the panel beside the replay");
        var broadcastPage = await coach.GetAsync($"/instructor/streams/{stream.Id}/broadcast");
        Assert.That(broadcastPage.Document.QuerySelector("#chat"), Is.Not.Null, "the instructor's panel on the broadcast page");
    }

    [Test]
    public async Task Too_long_empty_and_blank_messages_are_refused_and_500_characters_are_accepted()
    {
        var (_, member, stream) = await LiveClassAsync();
        await using var chat = await ConnectChatAsync(member);
        await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);

        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, new string('a', 501))), Does.Contain("at most 500 characters"));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "")), Does.Contain("Type a message first"));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, " \t\n ")), Does.Contain("Type a message first"));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, (string?)null)), Does.Contain("Type a message first"));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "\u0007\u202E\u2066")), Does.Contain("Type a message first"), "nothing left once cleaned");
        Assert.That(await StoredMessagesAsync(stream.Id), Is.Empty);

        var longest = await chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "  " + new string('b', 500) + "  ");
        Assert.That(longest.Text, Has.Length.EqualTo(500));
    }

    [Test]
    public async Task Control_and_bidi_override_characters_are_removed_and_markup_stays_text()
    {
        var (_, member, stream) = await LiveClassAsync();
        await using var chat = await ConnectChatAsync(member);
        await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);

        var cleaned = await chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "Nice\u0000 class\u0007!\nSee\tyou\u202Etxt.exe\u2066 \u200Fsoon");
        Assert.That(cleaned.Text, Is.EqualTo("Nice class! See youtxt.exe soon"));

        const string markup = "<script>alert('x')</script><b>bold</b> https://example.test/?a=1&b=2";
        var script = await chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, markup);
        Assert.That(script.Text, Is.EqualTo(markup), "stored and sent as the text typed; the panel renders it as text (browser test)");
        Assert.That((await StoredMessagesAsync(stream.Id)).Select(m => m.Text), Is.EqualTo(new[] { "Nice class! See youtxt.exe soon", markup }));
    }

    [Test]
    public async Task Sending_faster_than_5_messages_in_10_seconds_is_refused_with_a_message_until_time_passes()
    {
        var (_, member, stream) = await LiveClassAsync();
        var other = await SignUpAsync();
        await EnrollDirectlyAsync(stream.Id, other.Id);
        await using var chat = await ConnectChatAsync(member);
        await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        for (var i = 1; i <= 5; i++)
        {
            await chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, $"spam {i}");
            Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var refusal = await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "spam 6"));
        Assert.That(refusal, Does.Contain("You are sending messages too fast (5 per 10 seconds). Wait 5 s."));

        await using var otherChat = await ConnectChatAsync(other);
        await otherChat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "someone else is not limited");

        Factory.Clock.Advance(TimeSpan.FromSeconds(5));
        await chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "spam 6");
        Assert.That((await StoredMessagesAsync(stream.Id)).Count(m => m.AuthorId == member.Id), Is.EqualTo(6));
    }

    [Test]
    public async Task Older_messages_come_in_pages_of_50()
    {
        var (instructor, member, stream) = await LiveClassAsync();
        await SeedMessagesAsync(stream.Id, instructor.Id, 120);
        await using var chat = await ConnectChatAsync(member);

        var room = await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        Assert.That(room.Messages.Select(m => m.Text), Is.EqualTo(Enumerable.Range(71, 50).Select(i => $"message {i}")));
        Assert.That(room.HasMore, Is.True);

        var page = await chat.InvokeAsync<ChatPageDto>("Older", stream.Id, room.Messages[0].Number);
        Assert.That(page.Messages.Select(m => m.Text), Is.EqualTo(Enumerable.Range(21, 50).Select(i => $"message {i}")));
        Assert.That(page.HasMore, Is.True);
        var last = await chat.InvokeAsync<ChatPageDto>("Older", stream.Id, page.Messages[0].Number);
        Assert.That(last.Messages.Select(m => m.Text), Is.EqualTo(Enumerable.Range(1, 20).Select(i => $"message {i}")));
        Assert.That(last.HasMore, Is.False);
    }

    [Test]
    public async Task Input_the_chat_cannot_use_is_refused_with_the_reason_and_nothing_is_stored()
    {
        var (instructor, member, stream) = await LiveClassAsync();
        await using var chat = await ConnectChatAsync(member);
        await using var instructorChat = await ConnectChatAsync(instructor);
        await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        await instructorChat.InvokeAsync<ChatRoomDto>("Join", stream.Id);

        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, " \n\t ")), Does.Contain("Type a message first."));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, new string('x', 501))),
            Does.Contain("A message can be at most 500 characters (this one has 501)."));
        Assert.That(await RefusalAsync(() => chat.InvokeAsync<ChatPageDto>("Older", stream.Id, 0L)), Does.Contain("Ask for the messages before a message number"));
        Assert.That(await RefusalAsync(() => instructorChat.InvokeAsync<int>("SlowMode", stream.Id, 301)), Does.Contain("Slow mode is between 0 (off) and 300 seconds."));
        Assert.That(await StoredMessagesAsync(stream.Id), Is.Empty);

        Assert.That((await chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, new string('x', 500))).Text, Has.Length.EqualTo(500), "the longest message passes");
        Assert.That(await instructorChat.InvokeAsync<int>("SlowMode", stream.Id, 300), Is.EqualTo(300));
        Assert.That((await chat.InvokeAsync<ChatPageDto>("Older", stream.Id, 1L)).Messages, Is.Empty);
    }
}
