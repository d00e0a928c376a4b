using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Common;

/// <summary>The <c>Recordings</c> configuration section.</summary>
public sealed class RecordingsOptions
{
    public const string Section = "Recordings";

    public static readonly IReadOnlyList<string> DefaultProducts = [Domain.Recordings.Products.TipJar, Domain.Recordings.Products.M10];

    /// <summary>Products whose recordings this app shows (default TipJar, M10). Everything else is invisible (404).</summary>
    public string[] Products { get; set; } = [];

    public TimeSpan MaxClipLength { get; set; } = ClipRange.DefaultMaxLength;

    /// <summary>Largest file a super admin may upload.</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>A clip in Processing without progress for this long is taken back (its job died; a running job writes progress every second).</summary>
    public TimeSpan ClipStaleAfter { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<string> VisibleProducts => Products.Length == 0 ? DefaultProducts : Products;
}
