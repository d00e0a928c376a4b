using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Streaming.TestSupport;

/// <summary>
/// The real app (Program.cs) against its own test database, with a controllable clock.
/// Functional tests use its in-memory client; browser tests call <see cref="StartKestrel"/> for a real port.
/// </summary>
public class StreamingWebFactory(TestDatabase database) : WebApplicationFactory<Program>
{
    public const string InstructorAccessCode = "let-me-teach";

    public TestClock Clock { get; } = new();

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Serves on a real loopback port and returns its base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new Uri(addresses.Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", database.ConnectionString);
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Instructor:AccessCode", InstructorAccessCode);
        // Background jobs would race the tests' own steps; tests run them explicitly.
        builder.UseSetting("Jobs:Enabled", "false");
        // Every test signs up and logs in from the same address; the rate-limit tests switch it on.
        builder.UseSetting("RateLimiting:Enabled", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}
