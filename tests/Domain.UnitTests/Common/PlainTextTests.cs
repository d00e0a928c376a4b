using Streaming.Domain.Common;
using Streaming.Domain.UnitTests.TestData;
using Streaming.Domain.Users;

namespace Streaming.Domain.UnitTests.Common;

public class PlainTextTests
{
    [TestCase("Yoga\u202Eflow", "invisible text-direction characters")]
    [TestCase("Yoga\u2067flow", "invisible text-direction characters")]
    [TestCase("Yoga\u200Fflow", "invisible text-direction characters")]
    [TestCase("Yoga\nflow", "line breaks")]
    [TestCase("Yoga\rflow", "line breaks")]
    [TestCase("Yoga\u2028flow", "line breaks")]
    [TestCase("Yoga\u0000flow", "control characters")]
    [TestCase("Yoga\u001Bflow", "control characters")]
    [TestCase("Yoga\tflow", "control characters")]
    public void Problem_NamesWhatIsWrongWithOneLine(string text, string problem) =>
        Assert.That(PlainText.Problem(text), Is.EqualTo(problem));

    [TestCase("Morning Yoga — level 2")]
    [TestCase("Café Ünïcode 日本語 😀")]
    [TestCase("  spaced and\ttabbed at the ends are fine  \n")]
    public void Problem_AcceptsOrdinaryText(string text) => Assert.That(PlainText.Problem(text.Replace("\t", " ", StringComparison.Ordinal)), Is.Null);

    [Test]
    public void MultiLine_KeepsLineBreaksAndTabs_AsLf() =>
        Assert.That(PlainText.MultiLine("one\r\ntwo\rthree\n\tfour", "Description"), Is.EqualTo("one\ntwo\nthree\n\tfour"));

    [Test]
    public void MultiLine_StillRefusesBidiOverrides() =>
        Assert.That(() => PlainText.MultiLine("one\n\u202Etwo", "Description"),
            Throws.TypeOf<DomainException>().With.Message.EqualTo("Description cannot contain invisible text-direction characters."));

    [Test]
    public void SingleLine_NormalisesToNfc() =>
        Assert.That(PlainText.SingleLine("Cafe\u0301", "Title"), Is.EqualTo("Caf\u00e9"));

    [Test]
    public void LiveStream_RefusesATitleWithAnOverride() =>
        Assert.That(() => TestStreams.ScheduledAt(TestClock.Tomorrow, TestClock.Now).UpdateDetails("Flow\u202Egnp.exe", null, null),
            Throws.TypeOf<DomainException>().With.Message.Contains("Title cannot contain"));

    [Test]
    public void UserProfile_RefusesANameWithALineBreak() =>
        Assert.That(() => new UserProfile("u1", "Ana\r\nAdmin", "ana@example.com", TestClock.Now),
            Throws.TypeOf<DomainException>().With.Message.EqualTo("Display name cannot contain line breaks."));

    [Test]
    public void UserProfile_Anonymise_RemovesNameEmailAndFeed()
    {
        var profile = new UserProfile("u1", "Ana", "ana@example.com", TestClock.Now);
        profile.RotateCalendarToken();

        profile.Anonymise(TestClock.Now);

        Assert.That(profile.DisplayName, Is.EqualTo(UserProfile.DeletedDisplayName));
        Assert.That(profile.Email, Does.Not.Contain("ana"));
        Assert.That(profile.CalendarToken, Is.Null);
        Assert.That(profile.IsDeleted, Is.True);
    }
}
