using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class RecordingClipConfiguration : IEntityTypeConfiguration<RecordingClip>
{
    public void Configure(EntityTypeBuilder<RecordingClip> builder)
    {
        builder.ToTable("recording_clips", t =>
        {
            t.HasCheckConstraint("ck_recording_clips_range", "start_seconds >= 0 AND end_seconds > start_seconds");
            t.HasCheckConstraint("ck_recording_clips_progress", "progress BETWEEN 0 AND 100");
        });
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Product).HasMaxLength(Products.MaxLength).IsRequired();
        builder.Property(c => c.OwnerId).IsRequired();
        builder.Property(c => c.ClipLocation).HasMaxLength(RecordingFile.LocationMaxLength);
        builder.Property(c => c.Name).HasMaxLength(RecordingClip.NameMaxLength);
        builder.Property(c => c.Error).HasMaxLength(RecordingClip.ErrorMaxLength);
        // Two job runners (two instances) never both take the same pending clip.
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.RecordingId);
        builder.HasIndex(c => new { c.Status, c.UpdatedAt });
        builder.HasIndex(c => c.OwnerId);
        builder.Ignore(c => c.LengthSeconds);
    }
}
