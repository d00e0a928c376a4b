using Streaming.Domain.Common;
using Streaming.Domain.Recordings;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Recordings;

public class RecordingShareTests
{
    private static RecordingShare Share(DateTimeOffset? expiresAt = null) =>
        RecordingShare.Create(SharedItemType.Clip, Guid.NewGuid(), Products.TipJar, "owner-1", expiresAt, TestClock.Now);

    [Test]
    public void A_new_link_is_active_with_an_unguessable_url_safe_token()
    {
        var first = Share();
        var second = Share();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StateAt(TestClock.Now), Is.EqualTo(ShareState.Active));
            Assert.That(first.Token, Has.Length.EqualTo(RecordingShare.TokenLength));
            Assert.That(first.Token, Does.Match("^[A-Za-z0-9_-]+$"));
            Assert.That(second.Token, Is.Not.EqualTo(first.Token));
            Assert.That(first.ExpiresAt, Is.Null);
        }
    }

    [Test]
    public void A_link_with_an_expiry_stops_working_at_that_instant()
    {
        var share = Share(TestClock.Now.AddDays(7));

        Assert.That(share.StateAt(TestClock.Now.AddDays(7).AddTicks(-1)), Is.EqualTo(ShareState.Active));
        Assert.That(share.StateAt(TestClock.Now.AddDays(7)), Is.EqualTo(ShareState.Expired));
    }

    [Test]
    public void An_expiry_in_the_past_or_over_a_year_ahead_is_refused()
    {
        Assert.Throws<DomainException>(() => Share(TestClock.Now));
        Assert.Throws<DomainException>(() => Share(TestClock.Now.AddDays(366)));
    }

    [Test]
    public void Revoking_turns_the_link_off_for_good_and_hands_back_the_preview()
    {
        var share = Share();
        share.SetPreview("previews/x.jpg");

        var preview = share.Revoke(TestClock.Now.AddMinutes(1));
        var again = share.Revoke(TestClock.Now.AddMinutes(2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(share.StateAt(TestClock.Now.AddMinutes(1)), Is.EqualTo(ShareState.Revoked));
            Assert.That(share.RevokedAt, Is.EqualTo(TestClock.Now.AddMinutes(1)), "the first revocation counts");
            Assert.That(preview, Is.EqualTo("previews/x.jpg"));
            Assert.That(again, Is.Null);
            Assert.That(share.PreviewPath, Is.Null);
        }

        Assert.Throws<DomainException>(() => share.ChangeExpiry(null, TestClock.Now.AddMinutes(3)), "a revoked link cannot come back");
    }

    [Test]
    public void A_revoked_link_that_had_also_expired_reads_as_revoked()
    {
        var share = Share(TestClock.Now.AddDays(1));
        share.Revoke(TestClock.Now);

        Assert.That(share.StateAt(TestClock.Now.AddDays(2)), Is.EqualTo(ShareState.Revoked));
    }

    [Test]
    public void The_expiry_can_change_or_be_removed_while_active()
    {
        var share = Share(TestClock.Now.AddDays(1));

        share.ChangeExpiry(TestClock.Now.AddDays(30), TestClock.Now);
        var extended = share.ExpiresAt;
        share.ChangeExpiry(null, TestClock.Now);

        Assert.That(extended, Is.EqualTo(TestClock.Now.AddDays(30)));
        Assert.That(share.ExpiresAt, Is.Null);
    }
}
