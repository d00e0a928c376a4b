namespace Streaming.Application.UnitTests.Common;

/// <summary>A clock that never moves: no test depends on the machine's time.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;
}
