using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;

namespace Streaming.Application.Recordings.Commands.UploadRecording;

/// <summary>
/// A super admin adds a meeting or voice call with its recording from a file (calls have no
/// egress webhook; also for trying the product). The file must be audio or video (ffprobe) and
/// at most <c>Recordings:MaxUploadBytes</c>.
/// </summary>
public record UploadRecordingCommand(string? Type, string? Product, string? Title, string? FileName, Stream? Content)
    : IRequest<UploadedRecording>;

public record UploadedRecording(RecordingKind Kind, Guid Id);

public class UploadRecordingHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage storage, IScratchFiles scratch, IMediaProbe probe, TimeProvider clock, IOptions<RecordingsOptions> options)
    : IRequestHandler<UploadRecordingCommand, UploadedRecording>
{
    private static readonly string[] Extensions = [".mp4", ".m4a", ".m4v", ".mov", ".webm", ".mp3", ".ogg", ".wav", ".mkv"];

    public async Task<UploadedRecording> Handle(UploadRecordingCommand request, CancellationToken cancellationToken)
    {
        if (currentUser.Id is not { } adminId || !currentUser.IsInRole(Roles.SuperAdmin))
            throw new ForbiddenAccessException("Only a super admin can upload recordings.");
        var settings = options.Value;
        var kind = request.Type?.Trim().ToLowerInvariant() switch
        {
            "meet" => RecordingKind.Meet,
            "voice" => RecordingKind.Voice,
            _ => throw new ValidationException(nameof(request.Type), "Choose a meeting or a voice call."),
        };
        var product = settings.VisibleProducts.FirstOrDefault(p => string.Equals(p, request.Product?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ValidationException(nameof(request.Product), $"Choose one of: {string.Join(", ", settings.VisibleProducts)}.");
        if (string.IsNullOrWhiteSpace(request.Title))
            throw new ValidationException(nameof(request.Title), kind == RecordingKind.Meet ? "Give the meeting a name." : "Say who was on the call.");
        var extension = Path.GetExtension(request.FileName ?? "").ToLowerInvariant();
        if (request.Content is null || !Extensions.Contains(extension))
            throw new ValidationException("File", $"Choose an audio or video file ({string.Join(", ", Extensions)}).");

        await using var folder = scratch.CreateFolder("upload");
        var fileName = "recording" + extension;
        var size = await folder.WriteAsync(fileName, request.Content, settings.MaxUploadBytes, cancellationToken)
                   ?? throw new ValidationException("File", $"The file is larger than the limit of {RecordingFormat.Size(settings.MaxUploadBytes)}.");
        if (size == 0) throw new ValidationException("File", "The file is empty.");
        var media = await probe.ProbeAsync(folder.PathOf(fileName), cancellationToken);
        if (media is null || media.DurationSeconds <= 0)
            throw new ValidationException("File", "This file is not a recording: FFmpeg found no audio or video in it.");

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var key = BlobKeys.New(kind == RecordingKind.Meet ? "meet" : "voice", id, extension, now);
        await using (var file = folder.OpenRead(fileName))
            await storage.PutAsync(key, file, media.HasVideo ? "video/mp4" : "audio/mp4", cancellationToken);

        Guid savedId;
        if (kind == RecordingKind.Meet)
        {
            var room = db.MeetRooms.Add(MeetRoom.Open(product, adminId, request.Title, now)).Entity;
            room.AttachRecording(key, size, media.DurationSeconds, now);
            savedId = room.Id;
        }
        else
        {
            var call = db.VoiceCalls.Add(VoiceCall.Open(product, adminId, request.Title, now)).Entity;
            call.AttachRecording(key, size, media.DurationSeconds, now);
            savedId = call.Id;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new UploadedRecording(kind, savedId);
    }
}
