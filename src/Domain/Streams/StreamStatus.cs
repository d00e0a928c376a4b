namespace Streaming.Domain.Streams;

public enum StreamStatus
{
    Scheduled = 0,
    Live = 1,
    Ended = 2,
    Cancelled = 3,
}
