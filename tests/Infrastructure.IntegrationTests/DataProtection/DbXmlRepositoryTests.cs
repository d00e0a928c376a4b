using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Streaming.Infrastructure.DataProtection;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.DataProtection;

[Parallelizable(ParallelScope.Self)]
public class DbXmlRepositoryTests
{
    private readonly TestClock _clock = new();
    private readonly List<ServiceProvider> _providers = [];
    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateAMigratedDatabase() => _database = await TestDatabase.CreateAsync();

    [TearDown]
    public async Task DisposeEverything()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>A separate service provider stands for a separate app instance.</summary>
    private ServiceProvider AppInstance()
    {
        var provider = InfrastructureHost.Build(_database, _clock);
        _providers.Add(provider);
        return provider;
    }

    private DbXmlRepository Repository() => new(AppInstance().GetRequiredService<IServiceScopeFactory>());

    private static XElement Key(string id) =>
        new("key", new XAttribute("id", id), new XAttribute("version", 1),
            new XElement("creationDate", "2030-01-10T09:00:00Z"),
            new XElement("descriptor", new XElement("secret", "c2VjcmV0IMOpw6nDqQ==")));

    [Test]
    public void EmptyDatabase_HasNoKeys()
    {
        Assert.That(Repository().GetAllElements(), Is.Empty);
    }

    [Test]
    public async Task StoredKey_IsReadBackUnchanged_WithItsFriendlyName()
    {
        var key = Key("0b4e1c1e-7b0a-4a4e-9d7c-5f0c9d6a1a01");

        Repository().StoreElement(key, "key-0b4e1c1e");

        var read = Repository().GetAllElements();
        Assert.That(read, Has.Count.EqualTo(1));
        Assert.That(XNode.DeepEquals(read.Single(), key), Is.True, read.Single().ToString());
        var row = await Db.ReadAsync(_database, db => db.DataProtectionKeys.SingleAsync());
        Assert.That(row.FriendlyName, Is.EqualTo("key-0b4e1c1e"));
    }

    [Test]
    public void SeveralKeys_AreAllReadBack()
    {
        var repository = Repository();
        var keys = Enumerable.Range(1, 3).Select(i => Key($"00000000-0000-0000-0000-00000000000{i}")).ToList();

        foreach (var key in keys) repository.StoreElement(key, key.Attribute("id")!.Value);

        var ids = Repository().GetAllElements().Select(e => e.Attribute("id")!.Value);
        Assert.That(ids, Is.EquivalentTo(keys.Select(k => k.Attribute("id")!.Value)));
    }

    [Test]
    public void DataProtection_KeysAreSharedBetweenAppInstances()
    {
        // What the repository is for: a cookie protected by one instance is readable by another.
        var protectedByFirst = AppInstance().GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("hello");

        var second = AppInstance().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

        Assert.That(second.Unprotect(protectedByFirst), Is.EqualTo("hello"));
    }

    [Test]
    public async Task DataProtection_StoresItsKeyInTheDatabase()
    {
        AppInstance().GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("hello");

        var keys = await Db.ReadAsync(_database, db => db.DataProtectionKeys.ToListAsync());
        Assert.That(keys, Has.Count.EqualTo(1));
        Assert.That(XElement.Parse(keys[0].Xml).Name.LocalName, Is.EqualTo("key"));
    }
}
