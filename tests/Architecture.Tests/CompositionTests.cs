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

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Streaming.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Streaming.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
