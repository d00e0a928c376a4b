using Streaming.Domain.Common;
using Streaming.Domain.UnitTests.TestData;
using Streaming.Domain.Users;

namespace Streaming.Domain.UnitTests.Users;

public class UserProfileTests
{
    private const string AccountId = "account-1";
    private const string Email = "ada@example.com";

    private static UserProfile NewProfile(string displayName = "Ada Lovelace") =>
        new(AccountId, displayName, Email, TestClock.Now);

    [Test]
    public void Constructor_WithValidData_SetsEveryField()
    {
        var profile = NewProfile();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(profile.Id, Is.EqualTo(AccountId));
            Assert.That(profile.DisplayName, Is.EqualTo("Ada Lovelace"));
            Assert.That(profile.Email, Is.EqualTo(Email));
            Assert.That(profile.CreatedAt, Is.EqualTo(TestClock.Now));
        }
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Constructor_WithoutAccountId_Throws(string accountId)
    {
        Assert.Throws<DomainException>(() => _ = new UserProfile(accountId, "Ada", Email, TestClock.Now));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\t\n")]
    public void Constructor_WithBlankDisplayName_Throws(string displayName)
    {
        var ex = Assert.Throws<DomainException>(() => NewProfile(displayName));

        Assert.That(ex?.Message, Does.Contain("Display name is required"));
    }

    [Test]
    public void Constructor_WithNullDisplayName_Throws()
    {
        Assert.Throws<DomainException>(() => NewProfile(null!));
    }

    [Test]
    public void Constructor_TrimsDisplayName()
    {
        var profile = NewProfile("  Ada Lovelace \t");

        Assert.That(profile.DisplayName, Is.EqualTo("Ada Lovelace"));
    }

    [Test]
    public void Constructor_WithDisplayNameOfExactlyEightyCharacters_Accepts()
    {
        var name = new string('a', UserProfile.DisplayNameMaxLength);

        var profile = NewProfile(name);

        Assert.That(profile.DisplayName, Is.EqualTo(name));
    }

    [Test]
    public void Constructor_WithDisplayNameOverEightyCharacters_Throws()
    {
        var ex = Assert.Throws<DomainException>(() => NewProfile(new string('a', UserProfile.DisplayNameMaxLength + 1)));

        Assert.That(ex?.Message, Does.Contain("at most 80 characters"));
    }

    [Test]
    public void Constructor_MeasuresDisplayNameLengthAfterTrimming()
    {
        var name = new string('a', UserProfile.DisplayNameMaxLength);

        var profile = NewProfile($"   {name}   ");

        Assert.That(profile.DisplayName, Is.EqualTo(name));
    }

    [Test]
    public void Rename_WithValidName_ReplacesTrimmedDisplayName()
    {
        var profile = NewProfile();

        profile.Rename("  Grace Hopper ");

        Assert.That(profile.DisplayName, Is.EqualTo("Grace Hopper"));
    }

    [Test]
    public void Rename_WithBlankName_ThrowsAndKeepsOldName()
    {
        var profile = NewProfile();

        Assert.Throws<DomainException>(() => profile.Rename("   "));
        Assert.That(profile.DisplayName, Is.EqualTo("Ada Lovelace"));
    }

    [Test]
    public void Rename_WithNameOverEightyCharacters_ThrowsAndKeepsOldName()
    {
        var profile = NewProfile();

        Assert.Throws<DomainException>(() => profile.Rename(new string('b', UserProfile.DisplayNameMaxLength + 1)));
        Assert.That(profile.DisplayName, Is.EqualTo("Ada Lovelace"));
    }

    [Test]
    public void A_new_profile_follows_the_browsers_time_zone_and_has_no_avatar()
    {
        var profile = NewProfile();

        Assert.That(profile.TimeZone, Is.Null);
        Assert.That(profile.AvatarPath, Is.Null);
    }

    [TestCase("America/Los_Angeles")]
    [TestCase(" Europe/Paris ")]
    [TestCase("UTC")]
    public void ChangeTimeZone_WithAnIanaZone_KeepsIt(string zone)
    {
        var profile = NewProfile();

        profile.ChangeTimeZone(zone);

        Assert.That(profile.TimeZone, Is.EqualTo(zone.Trim()));
    }

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("../../etc/passwd")]
    [TestCase("America/Los_Angeles; DROP TABLE")]
    public void ChangeTimeZone_WithAnUnknownZone_ThrowsAndKeepsTheOldOne(string zone)
    {
        var profile = NewProfile();
        profile.ChangeTimeZone("Europe/Paris");

        var ex = Assert.Throws<DomainException>(() => profile.ChangeTimeZone(zone));

        Assert.That(ex?.Message, Does.Contain("not a time zone we know"));
        Assert.That(profile.TimeZone, Is.EqualTo("Europe/Paris"));
    }

    [Test]
    public void ChangeTimeZone_WithATooLongId_Throws()
    {
        Assert.Throws<DomainException>(() => NewProfile().ChangeTimeZone(new string('a', UserProfile.TimeZoneMaxLength + 1)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void ChangeTimeZone_ToBlank_FollowsTheBrowserAgain(string? zone)
    {
        var profile = NewProfile();
        profile.ChangeTimeZone("Asia/Tokyo");

        profile.ChangeTimeZone(zone);

        Assert.That(profile.TimeZone, Is.Null);
    }

    [Test]
    public void ReplaceAvatar_ReturnsThePreviousImageToDelete()
    {
        var profile = NewProfile();

        var first = profile.ReplaceAvatar("avatars/a.jpg");
        var second = profile.ReplaceAvatar("avatars/b.jpg");
        var removed = profile.ReplaceAvatar(null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.Null);
            Assert.That(second, Is.EqualTo("avatars/a.jpg"));
            Assert.That(removed, Is.EqualTo("avatars/b.jpg"));
            Assert.That(profile.AvatarPath, Is.Null);
        }
    }

    [Test]
    public void Anonymise_RemovesTimeZoneAndAvatar_AndReturnsTheImageToDelete()
    {
        var profile = NewProfile();
        profile.ChangeTimeZone("Europe/Paris");
        profile.ChangeBio("I teach yoga.");
        profile.ReplaceAvatar("avatars/a.jpg");

        var image = profile.Anonymise(TestClock.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(image, Is.EqualTo("avatars/a.jpg"));
            Assert.That(profile.TimeZone, Is.Null);
            Assert.That(profile.Bio, Is.Empty);
            Assert.That(profile.AvatarPath, Is.Null);
            Assert.That(profile.Anonymise(TestClock.Now), Is.Null, "a second call has nothing left to delete");
        }
    }

    [Test]
    public void ChangeBio_KeepsLineBreaksTrimmedAndBlankRemovesIt()
    {
        var profile = NewProfile();

        profile.ChangeBio("  Ten years of yoga.\r\nEvery level.  ");
        var kept = profile.Bio;
        profile.ChangeBio("   ");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(kept, Is.EqualTo("Ten years of yoga.\nEvery level."));
            Assert.That(profile.Bio, Is.Empty);
        }
    }

    [Test]
    public void ChangeBio_TooLongOrWithControlCharacters_ThrowsAndKeepsTheOldOne()
    {
        var profile = NewProfile();
        profile.ChangeBio("Kept.");

        Assert.Throws<DomainException>(() => profile.ChangeBio(new string('x', UserProfile.BioMaxLength + 1)));
        Assert.Throws<DomainException>(() => profile.ChangeBio("bell\u0007"));
        Assert.That(profile.Bio, Is.EqualTo("Kept."));
    }
}
