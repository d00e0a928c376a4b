namespace Streaming.Infrastructure.Storage;

public enum StorageProvider
{
    Local,
    S3,
}

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public static readonly TimeSpan MinUrlLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxUrlLifetime = TimeSpan.FromMinutes(15);

    public StorageProvider Provider { get; set; } = StorageProvider.Local;

    public LocalStorageOptions Local { get; set; } = new();

    public S3StorageOptions S3 { get; set; } = new();
}

public sealed class LocalStorageOptions
{
    /// <summary>The folder that holds the files (default: .data/blobs under the working directory).</summary>
    public string Root { get; set; } = "";

    /// <summary>HMAC key for download URLs (any string, 32+ characters); empty: a key kept in the folder, protected by Data Protection.</summary>
    public string SigningKey { get; set; } = "";

    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The app path that serves signed downloads.</summary>
    public string PathPrefix { get; set; } = "/blobs";

    public string ResolvedRoot => Path.GetFullPath(string.IsNullOrWhiteSpace(Root)
        ? Path.Combine(Directory.GetCurrentDirectory(), ".data", "blobs")
        : Root);
}

public sealed class S3StorageOptions
{
    public string Bucket { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    /// <summary>For S3-compatible stores (MinIO, s3rver…): their base URL. Empty for AWS.</summary>
    public string ServiceUrl { get; set; } = "";

    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>Path-style addressing (bucket in the path), needed by most S3-compatible stores.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Lifetime of presigned download URLs, 5–15 minutes.</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Files larger than this are uploaded in parts of this size.</summary>
    public long MultipartPartSize { get; set; } = 16 * 1024 * 1024;
}
