namespace Streaming.Architecture.Tests;

/// <summary>The dependency rule at assembly level: references point inwards only.</summary>
public class LayerReferenceTests
{
    private static readonly string[] FrameworkAndDataAccess =
        ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql", "Microsoft.Extensions", "MediatR", "AutoMapper", "FluentValidation"];

    [Test]
    public void Domain_ReferencesNoOtherStreamingAssembly()
    {
        Assert.That(Layers.ReferencedNames(Layers.Domain), Has.None.StartsWith(Layers.Prefix));
    }

    [Test]
    public void Domain_ReferencesNoFrameworkOrLibrary()
    {
        var references = Layers.ReferencedNames(Layers.Domain);

        Assert.That(references.Where(name => FrameworkAndDataAccess.Any(name.StartsWith)), Is.Empty);
        Assert.That(references, Has.All.Matches<string>(n => n.StartsWith("System", StringComparison.Ordinal) || n is "netstandard" or "mscorlib"),
            "the Domain should need nothing but the base class library");
    }

    [Test]
    public void Application_ReferencesOnlyTheDomainAmongStreamingAssemblies()
    {
        var streaming = Layers.ReferencedNames(Layers.Application).Where(n => n.StartsWith(Layers.Prefix, StringComparison.Ordinal));

        Assert.That(streaming, Is.EqualTo(new[] { "Streaming.Domain" }));
    }

    [Test]
    public void Application_DoesNotReferenceAspNetCoreOrTheDatabaseDriver()
    {
        Assert.That(
            Layers.ReferencedNames(Layers.Application).Where(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n.StartsWith("Npgsql", StringComparison.Ordinal)),
            Is.Empty);
    }

    [Test]
    public void Infrastructure_DoesNotReferenceWeb()
    {
        Assert.That(Layers.ReferencedNames(Layers.Infrastructure), Has.None.EqualTo(Layers.Web.GetName().Name));
    }

    [Test]
    public void Infrastructure_ReferencesApplication()
    {
        // Sanity check of the helper: the references it reads are the real ones.
        Assert.That(Layers.ReferencedNames(Layers.Infrastructure), Does.Contain("Streaming.Application"));
    }
}
