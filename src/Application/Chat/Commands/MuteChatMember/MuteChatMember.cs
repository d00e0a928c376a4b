using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Chat.Common;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Chat;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Chat.Commands.MuteChatMember;

/// <summary>A moderator mutes a member of the class for the rest of it (muting again changes nothing).</summary>
[Authorize(Policy = Policies.StreamAttendee)]
public sealed record MuteChatMemberCommand(Guid StreamId, string MemberId) : IRequest<ChatMuteDto>;

public sealed record ChatMuteDto(Guid StreamId, string MemberId, string DisplayName);

public class MuteChatMemberHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<MuteChatMemberCommand, ChatMuteDto>
{
    public async Task<ChatMuteDto> Handle(MuteChatMemberCommand request, CancellationToken cancellationToken)
    {
        var moderator = await db.FindModeratorAsync(currentUser, request.StreamId, cancellationToken);
        if (request.MemberId == moderator.InstructorId) throw new DomainException("The class's instructor cannot be muted.");
        var isMember = await db.Enrollments.AnyAsync(
            e => e.StreamId == moderator.StreamId && e.MemberId == request.MemberId && e.Status == EnrollmentStatus.Active, cancellationToken);
        if (!isMember) throw new NotFoundException("Member", request.MemberId);

        if (!await db.ChatMutes.AnyAsync(m => m.StreamId == moderator.StreamId && m.MemberId == request.MemberId, cancellationToken))
        {
            db.ChatMutes.Add(new ChatMute(moderator.StreamId, request.MemberId, moderator.UserId, clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Two moderators muted the member at the same moment: muted is muted.
                db.DiscardChanges();
                if (!await db.ChatMutes.AnyAsync(m => m.StreamId == moderator.StreamId && m.MemberId == request.MemberId, cancellationToken)) throw;
            }
        }

        var name = await db.Profiles.Where(p => p.Id == request.MemberId).Select(p => p.DisplayName).SingleAsync(cancellationToken);
        return new ChatMuteDto(moderator.StreamId, request.MemberId, name);
    }
}
