using NetArchTest.Rules;

namespace Streaming.Architecture.Tests;

/// <summary>
/// The dependency rule at type level (NetArchTest reads signatures, fields and the IL of every
/// method, nested types such as async state machines and closures included), which also catches a
/// dependency that only shows up through a transitive assembly reference.
/// </summary>
public class LayerTypeDependencyTests
{
    private static readonly string[] BaseClassLibrary = ["System", "Microsoft.CodeAnalysis", "<PrivateImplementationDetails>"];

    private static void AssertKept(TestResult result) =>
        Assert.That(result.FailingTypeNames ?? [], Is.Empty, "types that break the rule");

    [Test]
    public void DomainTypes_UseOnlyTheDomainAndTheBaseClassLibrary()
    {
        var result = Types.InAssembly(Layers.Domain)
            .That().ResideInNamespaceStartingWith("Streaming.Domain")
            .Should().OnlyHaveDependenciesOn([.. BaseClassLibrary, "Streaming.Domain"])
            .GetResult();

        AssertKept(result);
    }

    [Test]
    public void ApplicationTypes_DoNotUseInfrastructureWebAspNetCoreOrNpgsql()
    {
        var result = Types.InAssembly(Layers.Application)
            .ShouldNot().HaveDependencyOnAny("Streaming.Infrastructure", "Streaming.Web", "Microsoft.AspNetCore", "Npgsql")
            .GetResult();

        AssertKept(result);
    }

    [Test]
    public void InfrastructureTypes_DoNotUseWeb()
    {
        var result = Types.InAssembly(Layers.Infrastructure).ShouldNot().HaveDependencyOn("Streaming.Web").GetResult();

        AssertKept(result);
    }

    [Test]
    public void Controllers_Exist()
    {
        Assert.That(Controllers().GetTypes(), Is.Not.Empty);
    }

    [Test]
    public void Controllers_DoNotUseInfrastructureTypes()
    {
        var result = Controllers().ShouldNot().HaveDependencyOn("Streaming.Infrastructure").GetResult();

        AssertKept(result);
    }

    [Test]
    public void Controllers_DoNotTakeInfrastructureTypesInTheirConstructors()
    {
        // The same rule, restricted to the most common way it gets broken: injecting a DbContext or service.
        var injected = Controllers().GetTypes()
            .SelectMany(c => c.GetConstructors().SelectMany(k => k.GetParameters()).Select(p => (Controller: c.Name, p.ParameterType)))
            .Where(x => x.ParameterType.Assembly == Layers.Infrastructure)
            .Select(x => $"{x.Controller}({x.ParameterType.Name})");

        Assert.That(injected, Is.Empty);
    }

    [Test]
    public void DependencyRules_SeeInfrastructureUseWhereItExists()
    {
        // Guards the rules themselves: the composition root in Web does use Infrastructure, so the
        // rule forbidding it must fail there.
        var result = Types.InAssembly(Layers.Web)
            .That().HaveName(nameof(Streaming.Web.WebApplicationExtensions))
            .ShouldNot().HaveDependencyOn("Streaming.Infrastructure")
            .GetResult();

        Assert.That(result.FailingTypeNames, Is.EqualTo(new[] { typeof(Streaming.Web.WebApplicationExtensions).FullName }));
    }

    [Test]
    public void DependencyRules_SeeTypesUsedOnlyInsideAsyncMethodBodies()
    {
        // AdminController news up its requests inside async actions (compiled into state machines).
        var result = Types.InAssembly(Layers.Web)
            .That().HaveName(nameof(Streaming.Web.Controllers.AdminController))
            .Should().HaveDependencyOnAll(
                typeof(Streaming.Application.Admin.Queries.GetUsers.GetUsersQuery).FullName,
                typeof(Streaming.Application.Admin.Commands.PromoteToInstructor.PromoteToInstructorCommand).FullName)
            .GetResult();

        Assert.That(result.IsSuccessful, Is.True, "the requests created inside async actions are seen");
    }

    private static PredicateList Controllers() =>
        Types.InAssembly(Layers.Web)
            .That().ResideInNamespaceMatching(@"^Streaming\.Web\.Controllers$")
            .And().AreClasses().And().AreNotAbstract().And().AreNotNested()
            .And().HaveNameEndingWith("Controller");
}
