namespace Streaming.Architecture.Tests;

/// <summary>
/// The dependency rule at type level (signatures, locals and the IL of every method), which also
/// catches a dependency that only shows up through a transitive assembly reference.
/// </summary>
public class LayerTypeDependencyTests
{
    private static IEnumerable<string> Violations(Assembly assembly, Func<Type, bool> forbidden, Func<Type, bool>? which = null) =>
        assembly.GetTypes()
            .Where(t => !t.IsNested && (which?.Invoke(t) ?? true))
            .SelectMany(TypeDependencies.Describe)
            .Where(d => forbidden(d.Dependency))
            .Select(d => $"{d.Where} uses {d.Dependency.FullName} ({d.Dependency.Assembly.GetName().Name})")
            .Distinct()
            .Order(StringComparer.Ordinal);

    private static bool IsFramework(Assembly assembly) =>
        assembly.GetName().Name is { } name
        && (name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib");

    private static bool IsFrom(Type type, Assembly assembly) => type.Assembly == assembly;

    private static bool IsFrom(Type type, string assemblyPrefix) =>
        type.Assembly.GetName().Name!.StartsWith(assemblyPrefix, StringComparison.Ordinal);

    [Test]
    public void DomainTypes_UseOnlyTheDomainAndTheBaseClassLibrary()
    {
        var violations = Violations(Layers.Domain, t => !IsFrom(t, Layers.Domain) && !IsFramework(t.Assembly));

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void ApplicationTypes_DoNotUseInfrastructureWebAspNetCoreOrNpgsql()
    {
        var violations = Violations(Layers.Application, t =>
            IsFrom(t, Layers.Infrastructure) || IsFrom(t, Layers.Web) || IsFrom(t, "Microsoft.AspNetCore") || IsFrom(t, "Npgsql"));

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void InfrastructureTypes_DoNotUseWeb()
    {
        var violations = Violations(Layers.Infrastructure, t => IsFrom(t, Layers.Web));

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void Controllers_Exist()
    {
        Assert.That(Controllers(), Is.Not.Empty);
    }

    [Test]
    public void Controllers_DoNotUseInfrastructureTypes()
    {
        var controllers = Controllers().ToHashSet();

        var violations = Violations(Layers.Web, t => IsFrom(t, Layers.Infrastructure), controllers.Contains);

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void Controllers_DoNotTakeInfrastructureTypesInTheirConstructors()
    {
        // The same rule, restricted to the most common way it gets broken: injecting a DbContext or service.
        var injected = Controllers()
            .SelectMany(c => c.GetConstructors().SelectMany(k => k.GetParameters()).Select(p => (Controller: c.Name, p.ParameterType)))
            .Where(x => IsFrom(x.ParameterType, Layers.Infrastructure))
            .Select(x => $"{x.Controller}({x.ParameterType.Name})");

        Assert.That(injected, Is.Empty);
    }

    [Test]
    public void DependencyScanner_SeesInfrastructureUseWhereItExists()
    {
        // Guards the scanner itself: the composition root in Web does use Infrastructure.
        var used = TypeDependencies.Describe(typeof(Streaming.Web.WebApplicationExtensions)).Select(d => d.Dependency);

        Assert.That(used, Does.Contain(typeof(Streaming.Infrastructure.Data.DatabaseMigrator)));
    }

    [Test]
    public void DependencyScanner_SeesTypesUsedOnlyInsideAsyncMethodBodies()
    {
        // AdminController news up its requests inside async actions (compiled into state machines).
        var used = TypeDependencies.Describe(typeof(Streaming.Web.Controllers.AdminController)).Select(d => d.Dependency).ToHashSet();

        Assert.That(used, Is.SupersetOf(new[]
        {
            typeof(Streaming.Application.Admin.Queries.GetUsers.GetUsersQuery),
            typeof(Streaming.Application.Admin.Commands.PromoteToInstructor.PromoteToInstructorCommand),
        }));
    }

    private static IEnumerable<Type> Controllers() =>
        Layers.Web.GetTypes().Where(t =>
            t is { IsClass: true, IsAbstract: false, IsNested: false }
            && t.Namespace == "Streaming.Web.Controllers"
            && typeof(Microsoft.AspNetCore.Mvc.ControllerBase).IsAssignableFrom(t));
}
