using System.Security.Claims;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Web.Infrastructure;

public sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public string? Id => Principal?.Identity?.IsAuthenticated == true
        ? Principal.FindFirstValue(ClaimTypes.NameIdentifier)
        : null;

    public bool IsInRole(string role) => Principal?.IsInRole(role) == true;
}
