using AutoMapper;
using AutoMapper.Configuration;
using AutoMapper.Internal;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.UnitTests.Common;

namespace Streaming.Application.UnitTests.Mappings;

public class MappingConfigurationTests
{
    private static IEnumerable<TestCaseData> Profiles() =>
        typeof(DependencyInjection).Assembly.GetTypes()
            .Where(t => typeof(Profile).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => new TestCaseData(t).SetArgDisplayNames(t.DeclaringType is { } owner ? $"{owner.Name}.{t.Name}" : t.Name));

    [Test]
    public void MapperConfiguration_IsValid()
    {
        var configuration = DependencyInjection.CreateMapperConfiguration();

        Assert.That(configuration.AssertConfigurationIsValid, Throws.Nothing);
    }

    [Test]
    public void Application_HasMappingProfiles()
    {
        Assert.That(Profiles().Count(), Is.GreaterThan(0));
    }

    [TestCaseSource(nameof(Profiles))]
    public void EveryProfile_NestedInItsUseCase_IsPickedUp(Type profileType)
    {
        var profile = (IProfileConfiguration)Activator.CreateInstance(profileType, nonPublic: true)!;
        var declared = profile.TypeMapConfigs.Select(m => (m.SourceType, m.DestinationType)).ToList();

        var registered = DependencyInjection.CreateMapperConfiguration().Internal().GetAllTypeMaps().Select(m => (m.SourceType, m.DestinationType));

        Assert.That(declared, Is.Not.Empty);
        Assert.That(registered, Is.SupersetOf(declared));
    }

    [Test]
    public void AddApplication_RegistersOneMapperConfigurationForMapperAndProjections()
    {
        using var pipeline = new ApplicationPipeline();

        var projections = pipeline.Services.GetRequiredService<IConfigurationProvider>();
        var mapper = pipeline.Services.GetRequiredService<IMapper>();

        Assert.That(mapper.ConfigurationProvider, Is.SameAs(projections));
    }
}
