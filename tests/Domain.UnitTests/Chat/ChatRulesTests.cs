using Streaming.Domain.Chat;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Domain.UnitTests.Chat;

public class ChatRulesTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 18, 0, 0, TimeSpan.Zero);
    private static readonly Guid StreamId = Guid.NewGuid();

    private static ChatRefusal Refusal(TestDelegate send) => Assert.Throws<ChatRefusedException>(send)!.Reason;

    [TestCase("  hi  ", "hi")]
    [TestCase("two\nlines\r\nand\ttab", "two lines  and tab")]
    [TestCase("bell\u0007 null\u0000 esc\u001B", "bell null esc")]
    [TestCase("abc\u202Etxt.exe", "abctxt.exe")]
    [TestCase("\u2066isolated\u2069 \u200Fmark\u061C", "isolated mark")]
    [TestCase("e\u0301", "\u00E9")]
    [TestCase("<script>alert(1)</script>", "<script>alert(1)</script>")]
    public void Clean_RemovesControlAndDirectionCharacters_AndKeepsTheRest(string typed, string stored) =>
        Assert.That(ChatText.Clean(typed), Is.EqualTo(stored));

    [Test]
    public void Write_RefusesEmptyAndTooLongText_AndAccepts500Characters()
    {
        Assert.That(Refusal(() => ChatMessage.Write(StreamId, "u", " \u202E\n ", Now)), Is.EqualTo(ChatRefusal.Empty));
        Assert.That(Refusal(() => ChatMessage.Write(StreamId, "u", new string('x', 501), Now)), Is.EqualTo(ChatRefusal.TooLong));
        Assert.That(ChatMessage.Write(StreamId, "u", new string('x', 500), Now).Text, Has.Length.EqualTo(500));
    }

    [Test]
    public void Delete_KeepsTheTextAndWhoDeletedIt_Once()
    {
        var message = ChatMessage.Write(StreamId, "member", "oops", Now);
        message.Delete("coach", Now.AddMinutes(1));
        message.Delete("admin", Now.AddMinutes(2));
        Assert.That((message.Text, message.DeletedById, message.DeletedAt), Is.EqualTo(("oops", "coach", (DateTimeOffset?)Now.AddMinutes(1))));
    }

    [TestCase(StreamStatus.Scheduled, ChatRefusal.NotOpenYet)]
    [TestCase(StreamStatus.Ended, ChatRefusal.Ended)]
    [TestCase(StreamStatus.Cancelled, ChatRefusal.Cancelled)]
    public void EnsureCanSend_OnlyWhileLive(StreamStatus status, ChatRefusal refusal) =>
        Assert.That(Refusal(() => new ChatRoom(StreamId).EnsureCanSend(status, false, false, [], Now)), Is.EqualTo(refusal));

    [Test]
    public void EnsureCanSend_RefusesMutedMembers() =>
        Assert.That(Refusal(() => new ChatRoom(StreamId).EnsureCanSend(StreamStatus.Live, true, false, [], Now)), Is.EqualTo(ChatRefusal.Muted));

    [Test]
    public void EnsureCanSend_AllowsFiveMessagesPerTenSeconds_AndSaysHowLongToWait()
    {
        var room = new ChatRoom(StreamId);
        var sent = Enumerable.Range(0, 5).Select(i => Now.AddSeconds(-9 + i)).ToList();
        var refused = Assert.Throws<ChatRefusedException>(() => room.EnsureCanSend(StreamStatus.Live, false, true, sent, Now))!;
        Assert.That(refused.Reason, Is.EqualTo(ChatRefusal.RateLimited));
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));

        Assert.DoesNotThrow(() => room.EnsureCanSend(StreamStatus.Live, false, false, sent, Now.AddSeconds(1)), "the oldest left the window");
        Assert.DoesNotThrow(() => room.EnsureCanSend(StreamStatus.Live, false, false, sent.Skip(1).ToList(), Now));
    }

    [Test]
    public void SlowMode_LimitsMembersButNotModerators()
    {
        var room = new ChatRoom(StreamId);
        room.SetSlowMode(30);
        IReadOnlyCollection<DateTimeOffset> sent = [Now.AddSeconds(-20)];

        var refused = Assert.Throws<ChatRefusedException>(() => room.EnsureCanSend(StreamStatus.Live, false, false, sent, Now))!;
        Assert.That((refused.Reason, refused.RetryAfter), Is.EqualTo((ChatRefusal.SlowMode, (TimeSpan?)TimeSpan.FromSeconds(10))));
        Assert.DoesNotThrow(() => room.EnsureCanSend(StreamStatus.Live, false, true, sent, Now), "moderators");
        Assert.DoesNotThrow(() => room.EnsureCanSend(StreamStatus.Live, false, false, sent, Now.AddSeconds(10)));
        Assert.That(room.Lookback, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [TestCase(-1)]
    [TestCase(301)]
    public void SlowMode_IsBetweenOffAndFiveMinutes(int seconds) =>
        Assert.Throws<DomainException>(() => new ChatRoom(StreamId).SetSlowMode(seconds));

    [Test]
    public void Members_cannot_mute_themselves_or_report_their_own_messages()
    {
        Assert.Throws<DomainException>(() => _ = new ChatMute(StreamId, "coach", "coach", Now));
        var message = ChatMessage.Write(StreamId, "member", "mine", Now);
        Assert.Throws<DomainException>(() => _ = new ChatReport(message, "member", Now));
        Assert.That(new ChatReport(message, "other", Now).MessageId, Is.EqualTo(message.Id));
    }
}
