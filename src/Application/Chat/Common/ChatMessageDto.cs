using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Chat.Common;

/// <summary>A message as the chat panel shows it: the text is plain text, which the page never renders as HTML.</summary>
public sealed record ChatMessageDto(Guid Id, long Number, string AuthorId, string AuthorName, bool ByInstructor, string Text, DateTimeOffset SentAt);

/// <summary>Messages in the order they arrived, and whether older ones exist.</summary>
public sealed record ChatPageDto(IReadOnlyList<ChatMessageDto> Messages, bool HasMore);

public static class ChatMessages
{
    public const int PageSize = 50;

    /// <summary>The <see cref="PageSize"/> messages before <paramref name="beforeNumber"/> (the newest when null), deleted ones left out.</summary>
    public static async Task<ChatPageDto> PageAsync(this IApplicationDbContext db, Guid streamId, string instructorId, long? beforeNumber, CancellationToken cancellationToken)
    {
        var query = db.ChatMessages.AsNoTracking().Where(m => m.StreamId == streamId && m.DeletedAt == null);
        if (beforeNumber is { } before) query = query.Where(m => m.Number < before);
        var rows = await query.OrderByDescending(m => m.Number).Take(PageSize + 1)
            .Join(db.Profiles, m => m.AuthorId, p => p.Id, (m, p) => new ChatMessageDto(m.Id, m.Number, m.AuthorId, p.DisplayName, m.AuthorId == instructorId, m.Text, m.SentAt))
            .ToListAsync(cancellationToken);
        // The join does not keep the subquery's order: sort again here.
        var page = rows.OrderByDescending(m => m.Number).Take(PageSize).OrderBy(m => m.Number).ToList();
        return new ChatPageDto(page, rows.Count > PageSize);
    }
}
