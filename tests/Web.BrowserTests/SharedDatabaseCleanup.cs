namespace Streaming.Web.BrowserTests;

/// <summary>Drops the test databases this project shared between its fixtures (<see cref="TestDatabase"/>) after its last test.</summary>
[SetUpFixture]
public sealed class SharedDatabaseCleanup
{
    [OneTimeTearDown]
    public Task DropTheSharedDatabasesAsync() => TestDatabase.DropSharedDatabasesAsync();
}
