using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;

namespace Streaming.Infrastructure.Storage;

/// <summary>
/// S3 (or an S3-compatible store). Downloads are presigned GETs that S3 answers with
/// <c>Content-Disposition: attachment</c>. Uploads never use aws-chunked encoding (some
/// S3-compatible stores would keep the chunk framing inside the object — see STACK.md).
/// </summary>
public sealed class S3BlobStorage : IBlobStorage, IDisposable
{
    /// <summary>FFmpeg may read a source for a long time; this URL never leaves the server.</summary>
    private static readonly TimeSpan ProcessingUrlLifetime = TimeSpan.FromHours(2);

    private readonly S3StorageOptions _options;
    private readonly TimeProvider _clock;
    private readonly AmazonS3Client _client;
    private readonly Uri? _serviceUrl;

    public S3BlobStorage(S3StorageOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            _serviceUrl = new Uri(options.ServiceUrl.TrimEnd('/') + "/");
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
            config.UseHttp = _serviceUrl.Scheme == Uri.UriSchemeHttp;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        _client = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public async Task<long> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        BlobKeys.Ensure(key);
        if (content.CanSeek && content.Length - content.Position <= _options.MultipartPartSize)
        {
            var length = content.Length - content.Position;
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                InputStream = content,
                ContentType = contentType,
                UseChunkEncoding = false,
                AutoCloseStream = false,
            }, cancellationToken);
            return length;
        }

        return await PutMultipartAsync(key, content, contentType, cancellationToken);
    }

    /// <summary>Large or unseekable content: parts of <see cref="S3StorageOptions.MultipartPartSize"/>, one buffer in memory at a time.</summary>
    private async Task<long> PutMultipartAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            ContentType = contentType,
        }, cancellationToken);
        var parts = new List<PartETag>();
        var buffer = new byte[Math.Max(5 * 1024 * 1024, _options.MultipartPartSize)];
        long total = 0;
        try
        {
            for (var number = 1; ; number++)
            {
                var filled = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0 && number > 1) break;
                using var part = new MemoryStream(buffer, 0, filled, writable: false);
                var answer = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _options.Bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    PartSize = filled,
                    InputStream = part,
                    UseChunkEncoding = false,
                }, cancellationToken);
                parts.Add(new PartETag(number, answer.ETag));
                total += filled;
                if (filled < buffer.Length) break;
            }

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken);
            return total;
        }
        catch
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                UploadId = upload.UploadId,
            }, CancellationToken.None);
            throw;
        }
    }

    public async Task<BlobReadResult?> OpenReadAsync(string key, BlobRange? range, CancellationToken cancellationToken)
    {
        BlobKeys.Ensure(key);
        var request = new GetObjectRequest { BucketName = _options.Bucket, Key = key };
        if (range is not null) request.ByteRange = range.To is { } to ? new ByteRange(range.From, to) : new ByteRange($"bytes={range.From}-");
        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken);
            var length = response.ContentLength;
            long from = 0, total = length;
            if (response.ContentRange is { Length: > 0 } contentRange
                && System.Net.Http.Headers.ContentRangeHeaderValue.TryParse(contentRange, out var parsed))
            {
                from = parsed.From ?? 0;
                total = parsed.Length ?? length;
            }

            return new BlobReadResult(response.ResponseStream, total, from, length, response.Headers.ContentType ?? "application/octet-stream");
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Ensure(key);
        await _client.DeleteObjectAsync(_options.Bucket, key, cancellationToken);
    }

    public async Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Ensure(key);
        try
        {
            var metadata = await _client.GetObjectMetadataAsync(_options.Bucket, key, cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Uri> GetDownloadUrlAsync(string key, string downloadFileName, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        BlobKeys.Ensure(key);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Protocol = UrlProtocol,
            Expires = (_clock.GetUtcNow() + (lifetime ?? _options.UrlLifetime)).UtcDateTime,
        };
        request.ResponseHeaderOverrides.ContentDisposition =
            DownloadFileNames.ContentDisposition(DownloadFileNames.Safe(downloadFileName, Path.GetExtension(key)));
        return new Uri(await _client.GetPreSignedURLAsync(request));
    }

    private Protocol UrlProtocol => _serviceUrl?.Scheme == Uri.UriSchemeHttp ? Protocol.HTTP : Protocol.HTTPS;

    public async Task<string> GetProcessingInputAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Ensure(key);
        return await _client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Protocol = UrlProtocol,
            Expires = (_clock.GetUtcNow() + ProcessingUrlLifetime).UtcDateTime,
        });
    }

    /// <summary>
    /// <c>s3://bucket/key</c>, <c>{ServiceUrl}/bucket/key</c>, <c>https://bucket.s3[.region].amazonaws.com/key</c>
    /// and <c>https://s3[.region].amazonaws.com/bucket/key</c> name objects of our bucket.
    /// </summary>
    public bool TryGetKey(string location, out string key)
    {
        key = "";
        // Uri would resolve "a/../b" silently; a key with dot segments is never ours.
        if (location.Contains("/.", StringComparison.Ordinal) || !Uri.TryCreate(location, UriKind.Absolute, out var uri)) return false;
        var bucket = _options.Bucket;
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        string? candidate = null;
        if (uri.Scheme == "s3" && string.Equals(uri.Host, bucket, StringComparison.Ordinal))
            candidate = path;
        else if (_serviceUrl is not null && location.StartsWith(_serviceUrl.AbsoluteUri, StringComparison.OrdinalIgnoreCase))
            candidate = StripBucket(Uri.UnescapeDataString(location[_serviceUrl.AbsoluteUri.Length..].Split('?')[0]));
        else if (uri.Scheme == Uri.UriSchemeHttps && uri.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase))
            candidate = uri.Host.StartsWith(bucket + ".s3", StringComparison.OrdinalIgnoreCase) ? path
                : uri.Host.StartsWith("s3", StringComparison.OrdinalIgnoreCase) ? StripBucket(path) : null;

        if (candidate is null || !BlobKeys.IsValid(candidate)) return false;
        key = candidate;
        return true;

        string? StripBucket(string p) => p.StartsWith(bucket + "/", StringComparison.Ordinal) ? p[(bucket.Length + 1)..] : null;
    }

    /// <summary>Creates the bucket when it is missing (for S3-compatible stores in development and tests).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }

    public void Dispose() => _client.Dispose();
}
