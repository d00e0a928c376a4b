using NetArchTest.Rules;

namespace Streaming.Architecture.Tests;

/// <summary>
/// Application holds use cases, not plumbing: files, processes and JSON are behind ports (adapters in
/// Infrastructure: scratch files, FFmpeg, the webhook readers), and no folder is named after a vendor.
/// </summary>
public class ApplicationUseCaseOnlyTests
{
    /// <summary>Types, or whole namespaces (System.Text.Json covers its Serialization attributes too). Path stays allowed: it only works on strings.</summary>
    private static readonly string[] Plumbing =
    [
        "System.IO.File", "System.IO.FileInfo", "System.IO.FileStream", "System.IO.Directory", "System.IO.DirectoryInfo",
        "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo", "System.Text.Json",
    ];

    private static readonly string[] Vendors = ["Cloudflare", "LiveKit", "Stripe", "Ffmpeg", "FFMpeg", "S3", "Aws", "Redis", "Quartz", "Apple", "Google", "Npgsql"];

    [Test]
    public void ApplicationTypes_UseNoFilesProcessesOrJson()
    {
        var result = Types.InAssembly(Layers.Application).ShouldNot().HaveDependencyOnAny(Plumbing).GetResult();

        Assert.That(result.FailingTypeNames ?? [], Is.Empty, "types that do I/O, run processes or read JSON themselves");
    }

    [TestCase("Streaming.Infrastructure.Media", "ScratchFiles", "System.IO.Directory")]
    [TestCase("Streaming.Infrastructure.Storage", "LocalBlobStorage", "System.IO.FileStream")]
    [TestCase("Streaming.Infrastructure.Live.Cloudflare", "CloudflareWebhookReader", "System.Text.Json")]
    [TestCase("Streaming.Infrastructure.Recordings.LiveKit", "LiveKitWebhookReader", "System.Text.Json")]
    public void PlumbingRule_SeesUseWhereItExists(string ns, string adapter, string dependency)
    {
        // Guards the rule itself: the adapters that took the work over do use these types.
        var result = Types.InAssembly(Layers.Infrastructure).That().ResideInNamespace(ns).And().HaveNameStartingWith(adapter)
            .ShouldNot().HaveDependencyOn(dependency).GetResult();

        Assert.That(result.FailingTypeNames ?? [], Has.Some.StartsWith($"{ns}.{adapter}"));
    }

    [Test]
    public void ApplicationNamespaces_NameNoVendor()
    {
        var segments = Layers.Application.GetTypes().Select(t => t.Namespace ?? "").Distinct()
            .SelectMany(ns => ns.Split('.').Select(segment => (ns, segment)));

        var vendorNamed = segments.Where(x => Vendors.Any(v => x.segment.Contains(v, StringComparison.OrdinalIgnoreCase)))
            .Select(x => x.ns).Distinct();

        Assert.That(vendorNamed, Is.Empty, "Application folders are named after what the product does; vendors live in Infrastructure");
    }
}
