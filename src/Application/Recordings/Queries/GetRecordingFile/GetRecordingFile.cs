using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;

namespace Streaming.Application.Recordings.Queries.GetRecordingFile;

/// <summary>
/// How to deliver a recording's file to the caller: a redirect to a short-lived signed URL
/// (attachment) when the store can sign, else a proxy stream from the blob store or the plain URL.
/// <paramref name="Inline"/> asks for playback (always proxied through the app, so the page's
/// Content Security Policy stays 'self').
/// </summary>
public record GetRecordingFileQuery(string? Type, Guid Id, bool Inline = false) : IRequest<RecordingFileDelivery>;

public sealed record RecordingFileDelivery(string FileName, string ContentType, Uri? RedirectUrl, string? BlobKey, Uri? RemoteUrl);

public class GetRecordingFileHandler(IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage storage, IOptions<RecordingsOptions> options)
    : IRequestHandler<GetRecordingFileQuery, RecordingFileDelivery>
{
    public async Task<RecordingFileDelivery> Handle(GetRecordingFileQuery request, CancellationToken cancellationToken)
    {
        var kind = RecordingKinds.Parse(request.Type);
        if (currentUser.Id is null) throw new ForbiddenAccessException("Log in to download recordings.");
        var source = await RecordingSources.FindAsync(db, new RecordingAccess(currentUser, options.Value), kind, request.Id, cancellationToken);
        if (source.Location is not { } location)
        {
            throw source.Clip is { } clip
                ? new DomainException($"This clip is not ready yet ({clip.Status.ToString().ToLowerInvariant()}).")
                : new DomainException("This recording has no file yet.");
        }

        var contentType = ContentTypeOf(source.FileName);
        string? key = Uri.TryCreate(location, UriKind.Absolute, out _) ? storage.TryGetKey(location, out var k) ? k : null : location;
        if (key is not null)
        {
            return request.Inline
                ? new RecordingFileDelivery(source.FileName, contentType, null, key, null)
                : new RecordingFileDelivery(source.FileName, contentType, await storage.GetDownloadUrlAsync(key, source.FileName, null, cancellationToken), key, null);
        }

        var url = new Uri(location);
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            throw new DomainException("This recording is in a store the app cannot read. Ask an administrator to check the storage settings.");
        return new RecordingFileDelivery(source.FileName, contentType, null, null, url);
    }

    private static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".mp4" or ".m4v" => "video/mp4",
        ".webm" => "video/webm",
        ".m4a" => "audio/mp4",
        ".mp3" => "audio/mpeg",
        ".ogg" or ".oga" => "audio/ogg",
        ".wav" => "audio/wav",
        ".mkv" => "video/x-matroska",
        _ => "application/octet-stream",
    };
}
