using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Streams;

namespace Streaming.Infrastructure.Data.Configurations;

public class LiveStreamConfiguration : IEntityTypeConfiguration<LiveStream>
{
    public void Configure(EntityTypeBuilder<LiveStream> builder)
    {
        builder.ToTable("live_streams", t =>
        {
            t.HasCheckConstraint("ck_live_streams_price", "price_in_tokens >= 0");
            t.HasCheckConstraint("ck_live_streams_replay_price", "replay_price_in_tokens IS NULL OR replay_price_in_tokens >= 0");
            t.HasCheckConstraint("ck_live_streams_capacity", "capacity IS NULL OR capacity >= 1");
            t.HasCheckConstraint("ck_live_streams_duration", "duration_minutes > 0");
            t.HasCheckConstraint("ck_live_streams_seats", "seats_taken >= 0 AND (capacity IS NULL OR seats_taken <= capacity)");
        });
        builder.Property(s => s.CancellationReason).HasMaxLength(LiveStream.CancellationReasonMaxLength);
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Title).HasMaxLength(LiveStream.TitleMaxLength).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(LiveStream.DescriptionMaxLength).IsRequired();
        builder.Property(s => s.Category).HasMaxLength(LiveStream.CategoryMaxLength);
        builder.Property(s => s.ThumbnailPath).HasMaxLength(500);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.CatalogMark).HasConversion<string>().HasMaxLength(20);

        // Concurrent edits (two tabs, a webhook and the instructor) are caught by PostgreSQL's xmin.
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();

        builder.HasOne(s => s.Instructor).WithMany().HasForeignKey(s => s.InstructorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.Status, s.ScheduledStart });
        builder.HasIndex(s => s.InstructorId);
        builder.HasIndex(s => s.TookPlace).HasFilter("took_place = false");
        builder.Ignore(s => s.ScheduledEnd);
        builder.Ignore(s => s.ActualStart);
        builder.Ignore(s => s.ActualEnd);
        builder.Ignore(s => s.IsFree);
        builder.Ignore(s => s.ReplayPrice);
        builder.Ignore(s => s.IsOpenForEnrollment);
        builder.Ignore(s => s.SeatsLeft);
        builder.Ignore(s => s.IsKeptForCatalog);
    }
}
