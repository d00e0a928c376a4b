using Streaming.Domain.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Domain.UnitTests.Recordings;

public class ClipTimeTests
{
    [TestCase("0", 0)]
    [TestCase("75", 75)]
    [TestCase("75.5", 75.5)]
    [TestCase(" 12 ", 12)]
    [TestCase("0:00", 0)]
    [TestCase("1:15", 75)]
    [TestCase("0:07", 7)]
    [TestCase("1:02.5", 62.5)]
    [TestCase("12:34.125", 754.125)]
    [TestCase("90:00", 5400)]
    [TestCase("1:01:15", 3675)]
    [TestCase("1:00:00.25", 3600.25)]
    [TestCase("0:59.999", 59.999)]
    public void Parse_ReadsSecondsMinutesAndHours(string text, double seconds)
    {
        var parsed = ClipTime.TryParse(text, out var time, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.True, error);
            Assert.That(time.Seconds, Is.EqualTo(seconds).Within(0.0001));
            Assert.That(error, Is.Null);
        }
    }

    [TestCase(null, "Enter a time")]
    [TestCase("", "Enter a time")]
    [TestCase("   ", "Enter a time")]
    [TestCase("-5", "cannot be negative")]
    [TestCase("abc", "\"abc\" is not a time")]
    [TestCase("1:5", "is not a time")]
    [TestCase("1:60", "go up to 59")]
    [TestCase("1:61:00", "go up to 59")]
    [TestCase("1:02:03:04", "is not a time")]
    [TestCase("1::02", "is not a time")]
    [TestCase(":30", "is not a time")]
    [TestCase("1:30.", "is not a time")]
    [TestCase("1.5:30", "is not a time")]
    [TestCase("1:02.5555", "is not a time")]
    [TestCase("1,5", "is not a time")]
    [TestCase("1e3", "is not a time")]
    [TestCase("NaN", "is not a time")]
    [TestCase("٣", "is not a time")]
    [TestCase("999999999", "too far")]
    public void Parse_RefusesWhatIsNotATime_WithASentence(string? text, string message)
    {
        var parsed = ClipTime.TryParse(text, out _, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.False);
            Assert.That(error, Does.Contain(message));
        }
    }

    [Test]
    public void Parse_OfBadInput_ThrowsADomainException()
    {
        var error = Assert.Throws<DomainException>(() => ClipTime.Parse("soon"));

        Assert.That(error!.Message, Does.Contain(ClipTime.Hint));
    }

    [TestCase(0, "0:00")]
    [TestCase(7, "0:07")]
    [TestCase(62.5, "1:02.5")]
    [TestCase(754.125, "12:34.125")]
    [TestCase(3599.9996, "1:00:00")]
    [TestCase(3725, "1:02:05")]
    [TestCase(36000.05, "10:00:00.05")]
    public void Format_WritesWhatParseReads(double seconds, string text)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ClipTime.Format(seconds), Is.EqualTo(text));
            Assert.That(ClipTime.Parse(text).Seconds, Is.EqualTo(Math.Round(seconds, 3)).Within(0.0001));
        }
    }
}
