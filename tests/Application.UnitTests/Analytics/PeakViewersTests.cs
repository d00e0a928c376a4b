using Streaming.Application.Analytics.Common;

namespace Streaming.Application.UnitTests.Analytics;

public class PeakViewersTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 12, 10, 0, 0, TimeSpan.Zero);

    private static ViewingSpan Span(string member, int fromSeconds, int toSeconds) =>
        new(member, Start.AddSeconds(fromSeconds), Start.AddSeconds(toSeconds));

    [Test]
    public void Members_overlapping_for_a_moment_are_watching_at_once() =>
        Assert.That(ClassFigures.PeakViewers(0, [Span("a", 0, 40), Span("b", 20, 55), Span("c", 50, 90)]), Is.EqualTo(2));

    [Test]
    public void One_leaving_as_another_joins_is_never_two() =>
        Assert.That(ClassFigures.PeakViewers(0, [Span("a", 0, 30), Span("b", 30, 60)]), Is.EqualTo(1));

    [Test]
    public void A_member_on_two_devices_is_one_viewer() =>
        Assert.That(ClassFigures.PeakViewers(0, [Span("a", 0, 60), Span("a", 10, 30), Span("a", 50, 90), Span("b", 70, 80)]), Is.EqualTo(2));

    [Test]
    public void The_hubs_running_peak_stands_when_the_sessions_show_fewer() =>
        Assert.That(ClassFigures.PeakViewers(3, [Span("a", 0, 60)]), Is.EqualTo(3));

    [Test]
    public void No_sessions_and_empty_sessions_count_nobody() =>
        Assert.That(ClassFigures.PeakViewers(0, [Span("a", 10, 10)]), Is.EqualTo(0));
}
