using Microsoft.AspNetCore.Identity;

namespace Streaming.Infrastructure.Identity;

public class ApplicationUser : IdentityUser
{
}
