using Streaming.Application.Account.Common;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.UnitTests.Account;

public class ExternalSignInNamesTests
{
    private static ExternalIdentity Identity(string? name, string? email, bool relay = false) =>
        new("Apple", "sub", email, true, relay, name, null);

    [Test]
    public void The_name_the_provider_sent_is_the_display_name() =>
        Assert.That(ExternalSignIn.DisplayNameFor(Identity("  Ana Diaz ", "ana@example.test")), Is.EqualTo("Ana Diaz"));

    [Test]
    public void Without_a_name_the_emails_local_part_is_used() =>
        Assert.That(ExternalSignIn.DisplayNameFor(Identity(null, "ben.okafor@example.test")), Is.EqualTo("ben.okafor"));

    [Test]
    public void A_private_relay_address_never_names_anyone() =>
        Assert.That(ExternalSignIn.DisplayNameFor(Identity(null, "x7q2mf9k3d@privaterelay.appleid.com")), Is.EqualTo("Member"));

    [Test]
    public void A_name_with_control_characters_is_not_used() =>
        Assert.That(ExternalSignIn.DisplayNameFor(Identity("Ana\u202EDiaz", "ana@example.test")), Is.EqualTo("ana"));

    [Test]
    public void A_long_name_is_cut_to_the_profiles_limit() =>
        Assert.That(ExternalSignIn.DisplayNameFor(Identity(new string('a', 200), null)), Has.Length.EqualTo(80));

    [TestCase("someone@privaterelay.appleid.com", true)]
    [TestCase("SOMEONE@PrivateRelay.AppleId.com", true)]
    [TestCase("someone@example.test", false)]
    [TestCase(null, false)]
    public void Private_relay_addresses_are_recognised(string? email, bool relay) =>
        Assert.That(ExternalSignIn.IsPrivateRelay(email), Is.EqualTo(relay));
}
