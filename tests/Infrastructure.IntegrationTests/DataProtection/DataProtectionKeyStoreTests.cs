using System.Security.Claims;
using System.Xml.Linq;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.DataProtection;

/// <summary>
/// Data Protection keys in PostgreSQL through Microsoft.AspNetCore.DataProtection.EntityFrameworkCore
/// (<c>PersistKeysToDbContext</c>), in the table the app's own key store used before.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class DataProtectionKeyStoreTests
{
    private readonly TestClock _clock = new();
    private readonly List<ServiceProvider> _providers = [];
    private readonly List<TestDatabase> _databases = [];
    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateAMigratedDatabase()
    {
        _database = await TestDatabase.CreateAsync();
        _databases.Add(_database);
    }

    [TearDown]
    public async Task DisposeEverything()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        foreach (var database in _databases) await database.DisposeAsync();
    }

    /// <summary>A separate service provider stands for a separate app instance.</summary>
    private ServiceProvider AppInstance(TestDatabase? database = null)
    {
        var provider = InfrastructureHost.Build(database ?? _database, _clock);
        _providers.Add(provider);
        return provider;
    }

    /// <summary>The key repository the app's Data Protection is configured with.</summary>
    private IXmlRepository Repository() =>
        AppInstance().GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository
        ?? throw new AssertionException("the app configures no key repository");

    private static XElement Key(string id) =>
        new("key", new XAttribute("id", id), new XAttribute("version", 1),
            new XElement("creationDate", "2030-01-10T09:00:00Z"),
            new XElement("descriptor", new XElement("secret", "c2VjcmV0IMOpw6nDqQ==")));

    /// <summary>How the authentication cookie handler protects its cookies (its purposes, its format).</summary>
    private static TicketDataFormat CookieFormat(IServiceProvider services) =>
        new(services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", IdentityConstants.ApplicationScheme, "v2"));

    [Test]
    public void App_UsesTheEntityFrameworkCoreKeyStore()
    {
        Assert.That(Repository().GetType().Name, Does.StartWith("EntityFrameworkCoreXmlRepository"));
    }

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
        // What the store is for: a cookie protected by one instance is readable by another.
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
        Assert.That(XElement.Parse(keys[0].Xml!).Name.LocalName, Is.EqualTo("key"));
    }

    [Test]
    public async Task SignInCookie_FromBeforeTheUpgrade_IsStillReadAfterIt()
    {
        // A database of the release before EF Core migrations, whose own key store made the key.
        var earlier = await TestDatabase.CreateAsync(migrate: false);
        _databases.Add(earlier);
        await LegacyDatabase.BuildAsync(earlier);
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_clock);
        services.AddDataProtection().SetApplicationName("Streaming");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new EarlierKeyStore(earlier));
        string cookie;
        await using (var before = services.BuildServiceProvider())
        {
            var member = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ana@example.com")], IdentityConstants.ApplicationScheme));
            cookie = CookieFormat(before).Protect(new AuthenticationTicket(member, IdentityConstants.ApplicationScheme));
        }

        Assert.That(await Db.CountAsync(earlier, "data_protection_keys"), Is.EqualTo(1), "the earlier store wrote its key");

        await using (var dataSource = earlier.CreateDataSource()) await earlier.Migrator(dataSource).MigrateAsync();
        var ticket = CookieFormat(AppInstance(earlier)).Unprotect(cookie);

        Assert.That(ticket?.Principal.Identity?.Name, Is.EqualTo("ana@example.com"), "the member stays signed in");
        Assert.That(await Db.CountAsync(earlier, "data_protection_keys"), Is.EqualTo(1), "the existing key was used, no new one made");
    }

    /// <summary>
    /// What the app's own key repository (DbXmlRepository, replaced by PersistKeysToDbContext) wrote:
    /// one row per key in data_protection_keys, the friendly name and the unformatted XML.
    /// </summary>
    private sealed class EarlierKeyStore(TestDatabase database) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() =>
            Db.QueryAsync(database, "SELECT xml FROM data_protection_keys", r => XElement.Parse(r.GetString(0))).GetAwaiter().GetResult();

        public void StoreElement(XElement element, string friendlyName)
        {
            using var connection = new NpgsqlConnection(database.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml)", connection);
            command.Parameters.AddWithValue("name", friendlyName);
            command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
            command.ExecuteNonQuery();
        }
    }
}
