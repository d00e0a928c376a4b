using Streaming.Domain.Users;

namespace Streaming.Domain.UnitTests.Users;

public class RolesTests
{
    private static readonly string[] ExpectedRoles = ["Member", "Instructor", "SuperAdmin"];

    [Test]
    public void All_ListsMemberInstructorAndSuperAdmin()
    {
        Assert.That(Roles.All, Is.EquivalentTo(ExpectedRoles));
    }
}
