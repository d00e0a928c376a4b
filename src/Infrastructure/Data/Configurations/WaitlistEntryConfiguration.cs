using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class WaitlistEntryConfiguration : IEntityTypeConfiguration<WaitlistEntry>
{
    public void Configure(EntityTypeBuilder<WaitlistEntry> builder)
    {
        builder.ToTable("waitlist_entries");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.MemberId).IsRequired();
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.Notice).HasMaxLength(WaitlistEntry.NoticeMaxLength);
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();

        builder.HasOne(w => w.Stream).WithMany().HasForeignKey(w => w.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(w => w.MemberId).OnDelete(DeleteBehavior.Cascade);

        // One place in line per member and class, also under double clicks.
        builder.HasIndex(w => new { w.StreamId, w.MemberId })
            .IsUnique()
            .HasFilter("status = 'Waiting'")
            .HasDatabaseName("ux_waitlist_entries_member_waiting");
        builder.HasIndex(w => new { w.StreamId, w.Status, w.JoinedAt });
        builder.HasIndex(w => w.MemberId);
        builder.Ignore(w => w.IsWaiting);
    }
}
