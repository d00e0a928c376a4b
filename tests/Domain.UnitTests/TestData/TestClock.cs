namespace Streaming.Domain.UnitTests.TestData;

/// <summary>Fixed instants so no test depends on the machine's clock.</summary>
internal static class TestClock
{
    /// <summary>"Now" for every test that does not say otherwise.</summary>
    public static readonly DateTimeOffset Now = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The default start of a scheduled test class: one day after <see cref="Now"/>.</summary>
    public static readonly DateTimeOffset Tomorrow = Now.AddDays(1);
}
