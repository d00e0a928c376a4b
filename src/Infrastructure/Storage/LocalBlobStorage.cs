using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.StaticFiles;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;

namespace Streaming.Infrastructure.Storage;

/// <summary>
/// Files in a local folder. Downloads go through the app: <c>/blobs/{key}?exp=…&amp;name=…&amp;sig=…</c>
/// where sig = HMAC-SHA256 over key, expiry and file name (<see cref="LocalBlobEndpoint"/> checks it).
/// </summary>
public sealed class LocalBlobStorage : IBlobStorage
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly LocalStorageOptions _options;
    private readonly TimeProvider _clock;
    private readonly IDataProtectionProvider? _dataProtection;
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private byte[]? _signingKey;

    public LocalBlobStorage(LocalStorageOptions options, TimeProvider clock, IDataProtectionProvider? dataProtection = null)
    {
        _options = options;
        _clock = clock;
        _dataProtection = dataProtection;
        Root = options.ResolvedRoot;
        if (!string.IsNullOrEmpty(options.SigningKey)) _signingKey = SHA256.HashData(Encoding.UTF8.GetBytes(options.SigningKey));
    }

    public string Root { get; }

    public async Task<long> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write aside, then move: a reader never sees half a file.
        var temporary = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                await content.CopyToAsync(file, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }

        return new FileInfo(path).Length;
    }

    public Task<BlobReadResult?> OpenReadAsync(string key, BlobRange? range, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return Task.FromResult<BlobReadResult?>(null);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous);
        var total = file.Length;
        var (from, length) = Clamp(range, total);
        file.Seek(from, SeekOrigin.Begin);
        Stream content = length == total - from ? file : new BoundedStream(file, length);
        return Task.FromResult<BlobReadResult?>(new BlobReadResult(content, total, from, length, ContentTypeOf(key)));
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    public Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? info.Length : (long?)null);
    }

    public async Task<Uri> GetDownloadUrlAsync(string key, string downloadFileName, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        BlobKeys.Ensure(key);
        var name = DownloadFileNames.Safe(downloadFileName, Path.GetExtension(key));
        var expires = (_clock.GetUtcNow() + (lifetime ?? _options.UrlLifetime)).ToUnixTimeSeconds();
        var signature = await SignAsync(key, expires, name, cancellationToken);
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        var url = $"{_options.PathPrefix.TrimEnd('/')}/{path}?exp={expires.ToString(CultureInfo.InvariantCulture)}" +
                  $"&name={Uri.EscapeDataString(name)}&sig={signature}";
        return new Uri(url, UriKind.Relative);
    }

    public Task<string> GetProcessingInputAsync(string key, CancellationToken cancellationToken) => Task.FromResult(PathOf(key));

    public bool TryGetKey(string location, out string key)
    {
        key = "";
        return false;
    }

    /// <summary>
    /// Checks a download request: a valid key, a signature over (key, expiry, name) made with our
    /// key (compared in constant time) and an expiry in the future. Returns the file's path or why not.
    /// </summary>
    public async Task<(string? Path, string? Problem)> VerifyAsync(string key, string? expires, string? name, string? signature, CancellationToken cancellationToken)
    {
        if (!BlobKeys.IsValid(key)) return (null, "invalid key");
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var exp) || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(signature))
            return (null, "missing signature");
        var expected = Encoding.ASCII.GetBytes(await SignAsync(key, exp, name, cancellationToken));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))) return (null, "bad signature");
        if (_clock.GetUtcNow().ToUnixTimeSeconds() >= exp) return (null, "expired");
        var path = PathOf(key);
        return File.Exists(path) ? (path, null) : (null, "no such file");
    }

    public static string ContentTypeOf(string key) =>
        ContentTypes.TryGetContentType(key, out var type) ? type : "application/octet-stream";

    /// <summary>The file's full path; refuses any key that would leave the root.</summary>
    public string PathOf(string key)
    {
        BlobKeys.Ensure(key);
        var root = Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root, StringComparison.Ordinal)) throw new ArgumentException($"\"{key}\" is outside the storage folder.", nameof(key));
        return path;
    }

    private async Task<string> SignAsync(string key, long expires, string name, CancellationToken cancellationToken)
    {
        var secret = _signingKey ?? await LoadOrCreateKeyAsync(cancellationToken);
        var payload = Encoding.UTF8.GetBytes($"{key}\n{expires.ToString(CultureInfo.InvariantCulture)}\n{name}");
        return Base64Url(HMACSHA256.HashData(secret, payload));
    }

    /// <summary>
    /// Without a configured key: a random one, stored in the folder protected by Data Protection
    /// (whose keys live in PostgreSQL), so every instance sharing the folder signs alike.
    /// </summary>
    private async Task<byte[]> LoadOrCreateKeyAsync(CancellationToken cancellationToken)
    {
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_signingKey is not null) return _signingKey;
            var protector = (_dataProtection ?? throw new InvalidOperationException(
                    "Storage:Local:SigningKey is not set and Data Protection is not available."))
                .CreateProtector("Streaming.Storage.Local.UrlSigningKey");
            var file = Path.Combine(Root, ".keys", "url-signing.key");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            if (!File.Exists(file))
            {
                try
                {
                    await using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))), cancellationToken);
                }
                catch (IOException) when (File.Exists(file))
                {
                    // Another instance wrote it first: use theirs.
                }
            }

            string stored;
            for (var attempt = 0; ; attempt++)
            {
                stored = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
                if (stored.Length > 0 || attempt > 20) break;
                await Task.Delay(50, cancellationToken);
            }

            return _signingKey = Convert.FromBase64String(protector.Unprotect(stored));
        }
        finally
        {
            _keyLock.Release();
        }
    }

    private static (long From, long Length) Clamp(BlobRange? range, long total)
    {
        if (range is null || total == 0) return (0, total);
        var from = Math.Clamp(range.From, 0, total);
        var to = Math.Min(range.To ?? total - 1, total - 1);
        return (from, Math.Max(0, to - from + 1));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
