using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class RecordingConfiguration : IEntityTypeConfiguration<Recording>
{
    public void Configure(EntityTypeBuilder<Recording> builder)
    {
        builder.ToTable("recordings");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Product).HasMaxLength(Products.MaxLength).IsRequired();
        builder.Property(r => r.OwnerId).IsRequired();
        builder.Property(r => r.Subject).HasMaxLength(Recording.SubjectMaxLength).IsRequired();
        builder.Property(r => r.EgressId).HasMaxLength(Recording.EgressIdMaxLength);
        // The file lives in the recording's row (null columns until it is attached), like eShopOnWeb's Order.ShipToAddress.
        builder.OwnsOne(r => r.File, file =>
        {
            file.Property(f => f.Location).HasColumnName("recording_location").HasMaxLength(RecordingFile.LocationMaxLength).IsRequired();
            file.Property(f => f.SizeBytes).HasColumnName("recording_size_bytes");
            file.Property(f => f.DurationSeconds).HasColumnName("duration_seconds");
            file.Property(f => f.RecordedAt).HasColumnName("recorded_at");
        });
        builder.Navigation(r => r.File).IsRequired(false);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Cascade);

        // A webhook delivered twice (or to two instances at once) records one egress once.
        builder.HasIndex(r => r.EgressId).IsUnique();
        builder.HasIndex(r => new { r.OwnerId, r.Product });
        builder.HasIndex(r => new { r.Kind, r.Product, r.CreatedAt });
        builder.Ignore(r => r.HasFile);
        builder.Ignore(r => r.Title);
    }
}
