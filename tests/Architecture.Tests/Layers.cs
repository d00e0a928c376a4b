namespace Streaming.Architecture.Tests;

/// <summary>The four assemblies of the solution, found through a type each one owns.</summary>
internal static class Layers
{
    public static readonly Assembly Domain = typeof(Streaming.Domain.Common.BaseEntity).Assembly;
    public static readonly Assembly Application = typeof(Streaming.Application.DependencyInjection).Assembly;
    public static readonly Assembly Infrastructure = typeof(Streaming.Infrastructure.DependencyInjection).Assembly;
    public static readonly Assembly Web = typeof(Streaming.Web.DependencyInjection).Assembly;

    public const string Prefix = "Streaming.";

    public static IReadOnlyList<string> ReferencedNames(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal).ToList();

    public static IEnumerable<Type> AllTypes(Assembly assembly) => assembly.GetTypes();
}
