using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Domain.Viewing;

namespace Streaming.Infrastructure.Data.Configurations;

public class ViewerSessionConfiguration : IEntityTypeConfiguration<ViewerSession>
{
    public void Configure(EntityTypeBuilder<ViewerSession> builder)
    {
        builder.ToTable("viewer_sessions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Mode).HasConversion<string>().HasMaxLength(10);
        builder.HasOne<LiveStream>().WithMany().HasForeignKey(v => v.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(v => v.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.StreamId, v.JoinedAt });
        builder.Ignore(v => v.IsOpen);
        builder.Ignore(v => v.WatchTime);
    }
}
