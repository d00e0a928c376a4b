using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Chat.Common;
using Streaming.Application.Chat.Queries.GetChatReports;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Chat;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Chat.Commands.ReportChatMessage;

/// <summary>A member flags a message for the moderators; reporting it again changes nothing.</summary>
[Authorize(Policy = Policies.StreamAttendee)]
public sealed record ReportChatMessageCommand(Guid StreamId, Guid MessageId) : IRequest<ChatReportDto>;

public class ReportChatMessageHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<ReportChatMessageCommand, ChatReportDto>
{
    public async Task<ChatReportDto> Handle(ReportChatMessageCommand request, CancellationToken cancellationToken)
    {
        var chatter = await db.FindChatterAsync(currentUser, request.StreamId, cancellationToken);
        if (!chatter.CanWrite) throw new ForbiddenAccessException("Only members enrolled in this class report its messages.");
        var message = await db.ChatMessages.AsNoTracking()
                          .SingleOrDefaultAsync(m => m.Id == request.MessageId && m.StreamId == chatter.StreamId && m.DeletedAt == null, cancellationToken)
                      ?? throw new NotFoundException(nameof(ChatMessage), request.MessageId);

        if (!await db.ChatReports.AnyAsync(r => r.MessageId == message.Id && r.ReporterId == chatter.UserId, cancellationToken))
        {
            db.ChatReports.Add(new ChatReport(message, chatter.UserId, clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                db.DiscardChanges(); // a double click: one report
                if (!await db.ChatReports.AnyAsync(r => r.MessageId == message.Id && r.ReporterId == chatter.UserId, cancellationToken)) throw;
            }
        }

        return (await db.ReportsAsync(chatter.StreamId, message.Id, cancellationToken)).Single();
    }
}
