using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class RecordingShareConfiguration : IEntityTypeConfiguration<RecordingShare>
{
    public void Configure(EntityTypeBuilder<RecordingShare> builder)
    {
        builder.ToTable("recording_shares");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.ItemType).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Product).HasMaxLength(Products.MaxLength).IsRequired();
        builder.Property(s => s.OwnerId).IsRequired();
        builder.Property(s => s.Token).HasMaxLength(RecordingShare.TokenLength).IsRequired();
        builder.Property(s => s.PreviewPath).HasMaxLength(500);
        // Sharing twice at once (two tabs) changes one link instead of making two.
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.Token).IsUnique();
        // One link that is not turned off per recording or clip.
        builder.HasIndex(s => new { s.ItemType, s.ItemId }).IsUnique().HasFilter("revoked_at IS NULL");
        builder.HasIndex(s => s.OwnerId);
    }
}
