using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Security;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;

namespace Streaming.Application.Recordings.Commands.UploadRecording;

/// <summary>
/// A super admin adds a meeting or voice call with its recording from a file (calls have no
/// egress webhook; also for trying the product). The validator checks the form; the file must be
/// audio or video (ffprobe) and at most <c>Recordings:MaxUploadBytes</c>.
/// </summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record UploadRecordingCommand(string? Type, string? Product, string? Title, string? FileName, Stream? Content)
    : IRequest<UploadedRecording>
{
    public static readonly IReadOnlyList<string> Extensions = [".mp4", ".m4a", ".m4v", ".mov", ".webm", ".mp3", ".ogg", ".wav", ".mkv"];

    /// <summary>The kind the form's <c>type</c> names (meet or voice), or null.</summary>
    public RecordingType? RecordingType => RecordingKinds.TryParse(Type)?.ToRecordingType();

    public string Extension => Path.GetExtension(FileName ?? "").ToLowerInvariant();
}

public record UploadedRecording(RecordingKind Kind, Guid Id);

public class UploadRecordingHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage storage, IScratchFiles scratch, IMediaProbe probe, TimeProvider clock, IOptions<RecordingsOptions> options)
    : IRequestHandler<UploadRecordingCommand, UploadedRecording>
{
    public async Task<UploadedRecording> Handle(UploadRecordingCommand request, CancellationToken cancellationToken)
    {
        if (currentUser.Id is not { } adminId) throw new ForbiddenAccessException("Only a super admin can upload recordings.");
        var settings = options.Value;
        var kind = request.RecordingType!.Value;
        var product = settings.VisibleProducts.First(p => string.Equals(p, request.Product?.Trim(), StringComparison.OrdinalIgnoreCase));

        await using var folder = scratch.CreateFolder("upload");
        var fileName = "recording" + request.Extension;
        var size = await folder.WriteAsync(fileName, request.Content!, settings.MaxUploadBytes, cancellationToken)
                   ?? throw new ValidationException("File", $"The file is larger than the limit of {RecordingFormat.Size(settings.MaxUploadBytes)}.");
        if (size == 0) throw new ValidationException("File", "The file is empty.");
        var media = await probe.ProbeAsync(folder.PathOf(fileName), cancellationToken);
        if (media is null || media.DurationSeconds <= 0)
            throw new ValidationException("File", "This file is not a recording: FFmpeg found no audio or video in it.");

        var now = clock.GetUtcNow();
        var recording = Recording.Open(kind, product, adminId, request.Title!, now);
        var key = BlobKeys.New(kind.ToKind().ToParameter(), recording.Id, request.Extension, now);
        await using (var file = folder.OpenRead(fileName))
            await storage.PutAsync(key, file, media.HasVideo ? "video/mp4" : "audio/mp4", cancellationToken);

        recording.AttachFile(RecordingFile.Create(key, size, media.DurationSeconds, now), adminId);
        db.Recordings.Add(recording);
        await db.SaveChangesAsync(cancellationToken);
        return new UploadedRecording(kind.ToKind(), recording.Id);
    }
}
