using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Profiles.Commands.UpdateProfile;

/// <summary>
/// The member renames themselves, picks their time zone and writes a bio (blank: follow the browser). The sign-in
/// cookie is refreshed, so the navigation and every time on the next page follow at once.
/// </summary>
public class UpdateProfileCommand : IRequest<Unit>
{
    public string? DisplayName { get; set; }

    public string? TimeZone { get; set; }

    /// <summary>Shown on the public page of someone who teaches; blank removes it.</summary>
    public string? Bio { get; set; }
}

public class UpdateProfileHandler(IApplicationDbContext db, ICurrentUser currentUser, IIdentityService identity)
    : IRequestHandler<UpdateProfileCommand, Unit>
{
    public async Task<Unit> Handle(UpdateProfileCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Sign in first.");
        var profile = await db.Profiles.SingleOrDefaultAsync(p => p.Id == userId, cancellationToken)
            ?? throw new NotFoundException("Profile", userId);

        profile.Rename(request.DisplayName!);
        profile.ChangeTimeZone(request.TimeZone);
        profile.ChangeBio(request.Bio);
        await db.SaveChangesAsync(cancellationToken);
        await identity.RefreshSignInAsync(userId);
        return Unit.Value;
    }
}
