using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// The blob storage chosen by Storage:Provider (a local folder, or S3) and its readiness check.
    /// The local folder's download links are served by <see cref="LocalBlobEndpoint.MapLocalBlobs"/>,
    /// which the web pipeline maps.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => o.Provider != StorageProvider.S3 || !string.IsNullOrWhiteSpace(o.S3.Bucket),
                "Storage:S3:Bucket is required when Storage:Provider is S3.")
            .Validate(o => o.S3.UrlLifetime >= StorageOptions.MinUrlLifetime && o.S3.UrlLifetime <= StorageOptions.MaxUrlLifetime,
                "Storage:S3:UrlLifetime must be between 5 and 15 minutes.")
            .Validate(o => o.Local.UrlLifetime >= StorageOptions.MinUrlLifetime && o.Local.UrlLifetime <= StorageOptions.MaxUrlLifetime,
                "Storage:Local:UrlLifetime must be between 5 and 15 minutes.")
            .Validate(o => string.IsNullOrEmpty(o.Local.SigningKey) || o.Local.SigningKey.Length >= 32,
                "Storage:Local:SigningKey must be at least 32 characters (or empty to use Data Protection).")
            .Validate(o => o.S3.MultipartPartSize >= 5 * 1024 * 1024, "Storage:S3:MultipartPartSize must be at least 5 MiB.")
            .ValidateOnStart();
        services.AddSingleton<BlobStorageHealthCheck>();
        services.AddHealthChecks().AddCheck<BlobStorageHealthCheck>("storage", tags: [HealthTags.Ready]);

        services.AddOptions<DownloadsOptions>().Bind(configuration.GetSection(DownloadsOptions.Section))
            .Validate(o => o.AccelRedirect.Length == 0 || (o.AccelRedirect.StartsWith('/') && !o.AccelRedirect.Contains('?')),
                "Downloads:AccelRedirect must be a path starting with / (nginx's internal location prefix), or empty.")
            .ValidateOnStart();

        // The provider decides what is registered, so it is read here; every value is read through the options.
        var provider = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Provider ?? StorageProvider.Local;
        if (provider == StorageProvider.S3)
        {
            // S3 checks a presigned URL against its own (real) clock and the SDK signs with the
            // real time, so the expiry is computed from the real clock too, never a test clock.
            services.AddSingleton<IBlobStorage>(sp => new S3BlobStorage(
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3, TimeProvider.System));
        }
        else
        {
            services.AddSingleton<IBlobStorage>(sp => new LocalBlobStorage(
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.Local,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<IDataProtectionProvider>()));
            if (!string.IsNullOrWhiteSpace(configuration["Redis:Configuration"]))
                services.AddHostedService(sp => ActivatorUtilities.CreateInstance<SharedFolderNotice>(sp, sp.GetRequiredService<IOptions<StorageOptions>>().Value.Local));
        }

        return services;
    }
}
