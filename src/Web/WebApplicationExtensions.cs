using Microsoft.Extensions.Options;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Data.Seeding;
using Streaming.Infrastructure.Storage;
using Streaming.Web.Hubs;
using Streaming.Web.Infrastructure;
using Streaming.Web.Infrastructure.Observability;
using Streaming.Web.Infrastructure.RateLimiting;

namespace Streaming.Web;

public static class WebApplicationExtensions
{
    /// <summary>The `migrate` command: apply pending migrations and exit.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var applied = await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied: {string.Join(", ", applied)}");
    }

    public static async Task InitialiseDatabaseAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Database:MigrateOnStartup", true)) return;
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();

        var seed = scope.ServiceProvider.GetRequiredService<IOptions<SeedOptions>>().Value;
        if (seed.DemoData) Console.WriteLine(DemoDataSeeder.DescribeLogins(seed));
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        // First: "this proxy follows X-Accel-Redirect" counts only from the proxy (the connection's own peer).
        app.UseMiddleware<SendfileTypeFromProxiesOnly>();
        // The local folder's signed download links, in front of everything: they carry their own
        // headers and answers, and a playing video's range requests are not rate limited.
        app.MapLocalBlobs();
        // Probes and scrapes address the instance itself (its own host, plain http): no host filter, no redirect.
        app.UseWhen(context => !ObservabilitySetup.IsProbe(context.Request.Path), site => site.UseHostFiltering());
        var security = app.Services.GetRequiredService<SecurityOptions>();
        if (security.TrustedProxies.Length > 0) app.UseForwardedHeaders();

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler("/error/exception");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseMetricsEndpoint();
        if (security.RequireHttps)
        {
            app.UseHsts();
            app.UseWhen(context => !ObservabilitySetup.IsProbe(context.Request.Path), site => site.UseHttpsRedirection());
        }

        app.UseStaticFiles();
        app.UseCookiePolicy();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication: a signed-in visitor's catalog (enrolled marks) is never cached.
        app.UseOutputCache();
        app.UseAppRateLimiting();

        app.MapHealthEndpoints();
        app.MapControllers();
        app.MapRealtime();
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
        return app;
    }
}
