using Microsoft.Extensions.Options;

namespace Streaming.Web.FunctionalTests.Operations;

/// <summary>
/// Every options section is bound one way and validated when the host starts: a bad value stops the
/// start with a message naming its key, before any request is served — whichever layer owns it.
/// </summary>
public class BadConfigurationTests
{
    private TestDatabase _database = null!;
    private readonly List<StreamingWebFactory> _factories = [];

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var factory in _factories) await factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [TestCase("Storage:Local:UrlLifetime", "-00:10:00")]
    [TestCase("Email:PasswordResetLinkLifetime", "-01:00:00")]
    [TestCase("Identity:Lockout:Duration", "-00:15:00")]
    [TestCase("Jobs:Retry:Delay", "-00:00:02")]
    [TestCase("Enrollment:ReconcileAfter", "-00:05:00")]
    [TestCase("Streaming:Replay:PlaybackUrlLifetime", "-00:05:00")]
    [TestCase("Observability:PrometheusScrapeToken", "short")]
    [TestCase("Jobs:Schedules:recording-cleanup", "every night")]
    [TestCase("Streaming:Local:IceServers:0:Urls:0", "https://stun.example.com")]
    [TestCase("Streaming:Local:IceServers:0:Urls:0", "turn:turn.example.com:3478")]
    [TestCase("Streaming:Local:TurnCredentialLifetime", "00:01:00")]
    public void A_bad_value_stops_the_start_with_a_message_naming_its_key(string key, string value)
    {
        var factory = new StreamingWebFactory(_database);
        factory.Settings[key] = value;
        _factories.Add(factory);

        var error = Assert.Catch(() => factory.CreateClient())!.GetBaseException();

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error.Message, Does.Contain(key));
    }

    [Test]
    public void The_defaults_start()
    {
        var factory = new StreamingWebFactory(_database);
        _factories.Add(factory);

        Assert.That(() => factory.CreateClient().Dispose(), Throws.Nothing);
    }
}
