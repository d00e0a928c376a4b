namespace Streaming.Architecture.Tests;

/// <summary>
/// Composition stays visible (docs/architecture.md, Composition): registrations are sections listed in
/// each layer's DependencyInjection.cs, not extension classes found by search, and the request
/// pipeline is UseWeb alone — no startup filter adds middleware in front of it.
/// </summary>
public class CompositionTests
{
    private static readonly Assembly[] Ours = [Layers.Application, Layers.Infrastructure, Layers.Web];

    [Test]
    public void No_type_adds_middleware_through_a_startup_filter()
    {
        var filters = Ours.SelectMany(Layers.AllTypes)
            .Where(t => t.GetInterfaces().Any(i => i.FullName == "Microsoft.AspNetCore.Hosting.IStartupFilter"))
            .Select(t => t.FullName);

        Assert.That(filters, Is.Empty, "map endpoints and add middleware in WebApplicationExtensions.UseWeb");
    }

    [Test]
    public void Registrations_are_sections_not_loose_service_collection_extensions()
    {
        var loose = Ours.SelectMany(Layers.AllTypes)
            .Where(t => t.Name.EndsWith("ServiceCollectionExtensions", StringComparison.Ordinal))
            .Select(t => t.FullName);

        Assert.That(loose, Is.Empty, "a section is Add<Section> in <Feature>Registration.cs, called from the layer's DependencyInjection.cs");
    }

    [Test]
    public void Flash_messages_go_through_the_typed_api_not_TempData_keys()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Web");
        var magic = Directory.EnumerateFiles(web, "*.cs*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.EndsWith("FlashMessages.cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("TempData[", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(web, f));

        Assert.That(magic, Is.Empty, "use TempData.Flash(FlashKind.Success|Error, message) (Web/Infrastructure/FlashMessages.cs)");
    }

    /// <summary>
    /// A use case's transaction is ApplicationDbContext.BeginTransactionAsync: its commit publishes the
    /// domain events saved inside it and lets the catalog cache drop what changed. Opened on the
    /// context's Database directly, those would never run. The exceptions use contexts of their own
    /// that raise no events (the built-in ledger's unit of work, the schema migrations).
    /// </summary>
    [Test]
    public void Transactions_are_opened_through_the_context_so_their_commit_publishes()
    {
        var allowed = new[] { "ApplicationDbContext.cs", "BuiltInTokenLedger.cs", "DatabaseMigrator.cs", "LegacySchema.cs" };
        var src = Path.Combine(RepositoryRoot(), "src");
        var raw = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !allowed.Contains(Path.GetFileName(f)))
            .Where(f => File.ReadAllText(f).Contains("Database.BeginTransaction", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(src, f));

        Assert.That(raw, Is.Empty, "open a use case's transaction with db.BeginTransactionAsync (ApplicationDbContext)");
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Streaming.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Streaming.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
