using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Chat.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Chat.Queries.GetChatReports;

/// <summary>Reported messages of a class, most recently reported first: for its instructor and super admins.</summary>
[Authorize(Policy = Policies.StreamAttendee)]
public sealed record GetChatReportsQuery(Guid StreamId) : IRequest<IReadOnlyList<ChatReportDto>>;

/// <summary>One reported message with how many members reported it and who.</summary>
public sealed record ChatReportDto(
    Guid MessageId, Guid StreamId, string AuthorId, string AuthorName, string Text, bool IsDeleted, int Reports, IReadOnlyList<string> ReportedBy, DateTimeOffset LastReportedAt);

public class GetChatReportsHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IRequestHandler<GetChatReportsQuery, IReadOnlyList<ChatReportDto>>
{
    public async Task<IReadOnlyList<ChatReportDto>> Handle(GetChatReportsQuery request, CancellationToken cancellationToken)
    {
        var moderator = await db.FindModeratorAsync(currentUser, request.StreamId, cancellationToken);
        return await db.ReportsAsync(moderator.StreamId, null, cancellationToken);
    }
}

public static class ChatReports
{
    /// <summary>The class's reports grouped by message (one message's when <paramref name="messageId"/> is given).</summary>
    public static async Task<IReadOnlyList<ChatReportDto>> ReportsAsync(this IApplicationDbContext db, Guid streamId, Guid? messageId, CancellationToken cancellationToken)
    {
        var reports = db.ChatReports.AsNoTracking().Where(r => r.StreamId == streamId);
        if (messageId is { } id) reports = reports.Where(r => r.MessageId == id);
        var rows = await reports
            .Join(db.Profiles, r => r.ReporterId, p => p.Id, (r, p) => new { r.MessageId, r.ReportedAt, Reporter = p.DisplayName })
            .Join(db.ChatMessages, r => r.MessageId, m => m.Id, (r, m) => new { r.MessageId, r.ReportedAt, r.Reporter, m.AuthorId, m.Text, m.DeletedAt })
            .Join(db.Profiles, r => r.AuthorId, p => p.Id, (r, p) => new { r.MessageId, r.ReportedAt, r.Reporter, r.AuthorId, Author = p.DisplayName, r.Text, r.DeletedAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.MessageId)
            .Select(g => new ChatReportDto(g.Key, streamId, g.First().AuthorId, g.First().Author, g.First().Text, g.First().DeletedAt != null,
                g.Count(), g.OrderBy(r => r.ReportedAt).Select(r => r.Reporter).ToList(), g.Max(r => r.ReportedAt)))
            .OrderByDescending(r => r.LastReportedAt)
            .ToList();
    }
}
