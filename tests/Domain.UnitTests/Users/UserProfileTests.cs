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
}
