using System.Web;
using NUnit.Framework;
using Streaming.Application.Calendars;

namespace Streaming.Application.UnitTests.Calendars;

public class CalendarLinksTests
{
    // 10:00 in Paris (+01:00) = 09:00 UTC; one hour long.
    private static readonly DateTimeOffset Start = new(2030, 1, 10, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset End = new(2030, 1, 10, 5, 0, 0, TimeSpan.FromHours(-5));

    [Test]
    public void Google_link_for_a_known_event()
    {
        var link = CalendarLinks.Google("Morning Yoga", Start, End, "Bring a mat", "https://streaming.example/streams/42");

        Assert.That(link, Is.EqualTo(
            "https://calendar.google.com/calendar/render?action=TEMPLATE" +
            "&text=Morning%20Yoga" +
            "&dates=20300110T090000Z/20300110T100000Z" +
            "&details=Bring%20a%20mat%0A%0Ahttps%3A%2F%2Fstreaming.example%2Fstreams%2F42"));
    }

    [Test]
    public void Outlook_link_for_a_known_event()
    {
        var link = CalendarLinks.Outlook("Morning Yoga", Start, End, "Bring a mat", "https://streaming.example/streams/42");

        Assert.That(link, Is.EqualTo(
            "https://outlook.live.com/calendar/deeplink/compose?path=/calendar/action/compose&rru=addevent" +
            "&startdt=2030-01-10T09%3A00%3A00Z" +
            "&enddt=2030-01-10T10%3A00%3A00Z" +
            "&subject=Morning%20Yoga" +
            "&body=Bring%20a%20mat%0A%0Ahttps%3A%2F%2Fstreaming.example%2Fstreams%2F42"));
    }

    [Test]
    public void Details_and_body_are_left_out_when_there_is_nothing_to_say()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                CalendarLinks.Google("Yoga", Start, End),
                Is.EqualTo("https://calendar.google.com/calendar/render?action=TEMPLATE&text=Yoga&dates=20300110T090000Z/20300110T100000Z"));
            Assert.That(
                CalendarLinks.Outlook("Yoga", Start, End, details: " ", url: null),
                Is.EqualTo("https://outlook.live.com/calendar/deeplink/compose?path=/calendar/action/compose&rru=addevent" +
                           "&startdt=2030-01-10T09%3A00%3A00Z&enddt=2030-01-10T10%3A00%3A00Z&subject=Yoga"));
        });
    }

    [Test]
    public void Url_alone_becomes_the_details()
    {
        var link = CalendarLinks.Google("Yoga", Start, End, details: null, url: "https://streaming.example/s/1");

        Assert.That(link, Does.EndWith("&details=https%3A%2F%2Fstreaming.example%2Fs%2F1"));
    }

    [Test]
    public void Ampersands_spaces_and_non_ascii_are_percent_encoded()
    {
        const string summary = "Yoga & Pilates: Café 日本 🏋️ 100% +1 #2 a=b?";
        const string details = "Line 1\nLine 2 & more";

        var google = CalendarLinks.Google(summary, Start, End, details, "https://streaming.example/s?id=1&x=2");
        var outlook = CalendarLinks.Outlook(summary, Start, End, details, "https://streaming.example/s?id=1&x=2");

        Assert.Multiple(() =>
        {
            Assert.That(google, Does.Contain(
                "&text=Yoga%20%26%20Pilates%3A%20Caf%C3%A9%20%E6%97%A5%E6%9C%AC%20%F0%9F%8F%8B%EF%B8%8F%20100%25%20%2B1%20%232%20a%3Db%3F&"));
            Assert.That(outlook, Does.Contain(
                "&subject=Yoga%20%26%20Pilates%3A%20Caf%C3%A9%20%E6%97%A5%E6%9C%AC%20%F0%9F%8F%8B%EF%B8%8F%20100%25%20%2B1%20%232%20a%3Db%3F&"));
            Assert.That(google, Does.Not.Contain(" "));
            Assert.That(outlook, Does.Not.Contain(" "));
        });

        // Decoding the query gives back exactly the inputs, and no value leaked into another parameter.
        var googleQuery = HttpUtility.ParseQueryString(new Uri(google).Query);
        var outlookQuery = HttpUtility.ParseQueryString(new Uri(outlook).Query);
        Assert.Multiple(() =>
        {
            Assert.That(googleQuery.AllKeys, Is.EqualTo(new[] { "action", "text", "dates", "details" }));
            Assert.That(googleQuery["text"], Is.EqualTo(summary));
            Assert.That(googleQuery["details"], Is.EqualTo(details + "\n\nhttps://streaming.example/s?id=1&x=2"));
            Assert.That(outlookQuery.AllKeys, Is.EqualTo(new[] { "path", "rru", "startdt", "enddt", "subject", "body" }));
            Assert.That(outlookQuery["subject"], Is.EqualTo(summary));
            Assert.That(outlookQuery["body"], Is.EqualTo(details + "\n\nhttps://streaming.example/s?id=1&x=2"));
            Assert.That(outlookQuery["startdt"], Is.EqualTo("2030-01-10T09:00:00Z"));
        });
    }

    [Test]
    [SetCulture("th-TH")]
    public void Dates_do_not_depend_on_the_current_culture()
    {
        // th-TH uses the Buddhist calendar (year 2573): the links must still say 2030.
        Assert.Multiple(() =>
        {
            Assert.That(CalendarLinks.Google("x", Start, End), Does.Contain("&dates=20300110T090000Z/20300110T100000Z"));
            Assert.That(CalendarLinks.Outlook("x", Start, End), Does.Contain("&startdt=2030-01-10T09%3A00%3A00Z"));
        });
    }
}
