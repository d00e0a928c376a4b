namespace Streaming.Domain.Recordings;

public enum ClipStatus
{
    Pending,
    Processing,
    Ready,
    Failed,
}
