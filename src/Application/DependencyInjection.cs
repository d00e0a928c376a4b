using System.Reflection;
using AutoMapper;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Account.Common;
using Streaming.Application.Common.Behaviours;
using Streaming.Application.Common.Security;
using Streaming.Application.Common.Telemetry;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Notifications.Common;
using Streaming.Application.Purchases.Common;

namespace Streaming.Application;

public static class DependencyInjection
{
    private static readonly Assembly Assembly = typeof(DependencyInjection).Assembly;

    /// <summary>The use cases: the mediator and its pipeline, the validators, the mappings, and what several use cases share.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator();
        services.AddValidators();
        services.AddMappings();
        services.AddSharedServices();
        return services;
    }

    public static MapperConfiguration CreateMapperConfiguration() => new(cfg => cfg.AddMaps(Assembly));

    /// <summary>Every FluentValidation validator in this assembly, run by <see cref="ValidationBehaviour{TRequest,TResponse}"/>.</summary>
    private static void AddValidators(this IServiceCollection services)
    {
        foreach (var result in AssemblyScanner.FindValidatorsInAssembly(Assembly))
            services.AddTransient(result.InterfaceType, result.ValidatorType);
    }

    /// <summary>AutoMapper profiles of this assembly (entity → DTO).</summary>
    private static void AddMappings(this IServiceCollection services)
    {
        var mapperConfiguration = CreateMapperConfiguration();
        services.AddSingleton<IConfigurationProvider>(mapperConfiguration);
        services.AddSingleton<IMapper>(sp => new Mapper(mapperConfiguration, sp.GetService));
    }

    /// <summary>Services several use cases of a feature share (payments of a seat, purchases, emails) and the product's metrics.</summary>
    private static void AddSharedServices(this IServiceCollection services)
    {
        services.AddScoped<EnrollmentPayments>();
        services.AddScoped<LedgerIdentityLinks>();
        services.AddScoped<WaitlistSeats>();

        services.AddScoped<PurchaseSettlement>();
        services.AddScoped<WebPurchases>();

        services.AddScoped<EmailComposer>();
        services.AddScoped<ClassEmails>();
        services.AddScoped<RecordingEmails>();
        services.AddScoped<PurchaseEmails>();
        services.AddScoped<AccountEmails>();

        services.AddSingleton<StreamingMetrics>();
    }

    /// <summary>
    /// MediatR 5 has no DI package: register the mediator, its service factory, the pipeline
    /// (outermost first: exceptions logged, request logged, authorization, validation) and every
    /// handler found in this assembly, the resource requirements the authorization checks with.
    /// </summary>
    private static void AddMediator(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();

        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(UnhandledExceptionBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        foreach (var requirement in Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IResourceRequirement))))
            services.AddScoped(typeof(IResourceRequirement), requirement);

        Type[] handlerInterfaces = [typeof(IRequestHandler<,>), typeof(INotificationHandler<>)];
        foreach (var type in Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces()
                         .Where(i => i.IsGenericType && handlerInterfaces.Contains(i.GetGenericTypeDefinition())))
            {
                services.AddTransient(contract, type);
            }
        }
    }
}
