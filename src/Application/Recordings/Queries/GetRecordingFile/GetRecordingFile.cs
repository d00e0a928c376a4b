using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Queries.GetRecordingFile;

/// <summary>
/// How to deliver a recording's file to the caller: a redirect to a short-lived signed URL
/// (attachment) when the store can sign, else a proxy stream from the blob store or the plain URL.
/// <paramref name="Inline"/> asks for playback (always proxied through the app, so the page's
/// Content Security Policy stays 'self').
/// </summary>
[Authorize(Policy = Policies.RecordingOwner)]
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

        // Playback, and files in a store the app cannot sign for, go through the app.
        if (request.Inline || RecordingLocations.KeyOf(location, storage) is not { } key) return RecordingLocations.Inline(source, storage);
        return new RecordingFileDelivery(source.FileName, RecordingShares.ContentTypeOf(source.FileName),
            await storage.GetDownloadUrlAsync(key, source.FileName, null, cancellationToken), key, null);
    }
}
