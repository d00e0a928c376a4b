using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Chat;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("chat_messages", t => t.HasCheckConstraint("ck_chat_messages_text", $"char_length(text) BETWEEN 1 AND {ChatMessage.MaxLength}"));
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Number).UseIdentityAlwaysColumn();
        builder.Property(m => m.Text).IsRequired();
        builder.HasOne<LiveStream>().WithMany().HasForeignKey(m => m.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Cascade);
        // Pages of history (newest first) and the sender's recent messages (rate limit, slow mode).
        builder.HasIndex(m => m.Number).IsUnique();
        builder.HasIndex(m => new { m.StreamId, m.Number });
        builder.HasIndex(m => new { m.StreamId, m.AuthorId, m.SentAt });
        builder.Ignore(m => m.IsDeleted);
    }
}

public class ChatRoomConfiguration : IEntityTypeConfiguration<ChatRoom>
{
    public void Configure(EntityTypeBuilder<ChatRoom> builder)
    {
        builder.ToTable("chat_rooms", t => t.HasCheckConstraint("ck_chat_rooms_slow_mode", $"slow_mode_seconds BETWEEN 0 AND {ChatRoom.MaxSlowModeSeconds}"));
        builder.HasKey(r => r.StreamId);
        builder.HasOne<LiveStream>().WithOne().HasForeignKey<ChatRoom>(r => r.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(r => r.Lookback);
    }
}

public class ChatMuteConfiguration : IEntityTypeConfiguration<ChatMute>
{
    public void Configure(EntityTypeBuilder<ChatMute> builder)
    {
        builder.ToTable("chat_mutes");
        builder.HasKey(m => new { m.StreamId, m.MemberId });
        builder.HasOne<LiveStream>().WithMany().HasForeignKey(m => m.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(m => m.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class ChatReportConfiguration : IEntityTypeConfiguration<ChatReport>
{
    public void Configure(EntityTypeBuilder<ChatReport> builder)
    {
        builder.ToTable("chat_reports");
        builder.HasKey(r => r.Id);
        builder.HasOne<ChatMessage>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.MessageId, r.ReporterId }).IsUnique();
        builder.HasIndex(r => new { r.StreamId, r.ReportedAt });
    }
}
