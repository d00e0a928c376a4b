using Streaming.Domain.Streams;

namespace Streaming.Domain.UnitTests.Live.Cloudflare;

public class StreamInputTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static StreamInput NewInput() =>
        StreamInput.Create(Guid.NewGuid(), "Cloudflare", "uid-1", "https://customer-x.cloudflarestream.com/secret/webRTC/publish",
            "https://customer-x.cloudflarestream.com/uid-1/webRTC/play", T0);

    [Test]
    public void Connect_then_disconnect_is_recorded_and_a_replay_or_an_older_event_changes_nothing()
    {
        var input = NewInput();
        Assert.That(input.Record(LiveInputEvent.Connected, T0.AddMinutes(1)), Is.True);
        Assert.That(input.IsBroadcasterDisconnected, Is.False);
        Assert.That(input.Record(LiveInputEvent.Connected, T0.AddMinutes(1)), Is.False, "the same event again");

        Assert.That(input.Record(LiveInputEvent.Disconnected, T0.AddMinutes(5)), Is.True);
        Assert.That(input.IsBroadcasterDisconnected, Is.True);
        Assert.That(input.LastDisconnectedAt, Is.EqualTo(T0.AddMinutes(5)));
        Assert.That(input.Record(LiveInputEvent.Connected, T0.AddMinutes(2)), Is.False, "older than the last one applied");
        Assert.That(input.LastEvent, Is.EqualTo(LiveInputEvent.Disconnected));
        Assert.That(input.LastConnectedAt, Is.EqualTo(T0.AddMinutes(1)));
    }

    [Test]
    public void Times_are_kept_to_the_microsecond_so_a_replay_matches_what_the_database_stored()
    {
        var input = NewInput();
        var at = T0.AddTicks(1234567); // 123.4567 ms
        Assert.That(input.Record(LiveInputEvent.Connected, at), Is.True);
        Assert.That(input.LastEventAt, Is.EqualTo(T0.AddTicks(1234560)));
        Assert.That(input.Record(LiveInputEvent.Connected, at), Is.False);
    }

    [Test]
    public void An_error_keeps_its_message_and_a_connect_clears_it()
    {
        var input = NewInput();
        input.Record(LiveInputEvent.Errored, T0.AddMinutes(1), new string('e', 900));
        Assert.That(input.LastError, Has.Length.EqualTo(StreamInput.ErrorMaxLength));
        Assert.That(input.IsBroadcasterDisconnected, Is.True);
        input.Record(LiveInputEvent.Connected, T0.AddMinutes(2));
        Assert.That(input.LastError, Is.Null);
    }

    [Test]
    public void An_input_needs_its_class_id_and_urls()
    {
        Assert.Throws<ArgumentException>(() => StreamInput.Create(Guid.Empty, "Cloudflare", "u", "https://a", "https://b", T0));
        Assert.Throws<ArgumentException>(() => StreamInput.Create(Guid.NewGuid(), "Cloudflare", "u", " ", "https://b", T0));
    }
}
