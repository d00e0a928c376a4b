using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>A recorded voice call of the Meet family.</summary>
public class VoiceCall : BaseEntity
{
    public const int ParticipantsMaxLength = 300;

    private VoiceCall()
    {
    }

    public string Product { get; private set; } = default!;

    public string OwnerId { get; private set; } = default!;

    /// <summary>Who was on the call (names or phone numbers), as shown in the list.</summary>
    public string Participants { get; private set; } = default!;

    public string? RecordingLocation { get; private set; }

    public long? RecordingSizeBytes { get; private set; }

    public double? DurationSeconds { get; private set; }

    public DateTimeOffset? RecordedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool HasRecording => RecordingLocation is not null;

    public static VoiceCall Open(string product, string ownerId, string participants, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(ownerId)) throw new DomainException("A call needs its owner.");
        if (string.IsNullOrWhiteSpace(participants)) throw new DomainException("Say who was on the call.");
        if (participants.Trim().Length > ParticipantsMaxLength)
            throw new DomainException($"The participants are at most {ParticipantsMaxLength} characters.");
        return new VoiceCall
        {
            Product = Products.Normalise(product),
            OwnerId = ownerId,
            Participants = participants.Trim(),
            CreatedAt = now.ToUniversalTime(),
        };
    }

    public void AttachRecording(string location, long sizeBytes, double durationSeconds, DateTimeOffset recordedAt)
    {
        RecordingFile.EnsureSizeAndDuration(sizeBytes, durationSeconds);
        RecordingLocation = RecordingFile.NormaliseLocation(location);
        RecordingSizeBytes = sizeBytes;
        DurationSeconds = durationSeconds;
        RecordedAt = recordedAt.ToUniversalTime();
    }
}
