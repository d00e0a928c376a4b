using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class MeetRoomConfiguration : IEntityTypeConfiguration<MeetRoom>
{
    public void Configure(EntityTypeBuilder<MeetRoom> builder)
    {
        builder.ToTable("meet_rooms");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Product).HasMaxLength(Products.MaxLength).IsRequired();
        builder.Property(r => r.OwnerId).IsRequired();
        builder.Property(r => r.Name).HasMaxLength(MeetRoom.NameMaxLength).IsRequired();
        builder.Property(r => r.RecordingLocation).HasMaxLength(RecordingFile.LocationMaxLength);
        builder.Property(r => r.EgressId).HasMaxLength(100);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Cascade);

        // A webhook delivered twice (or to two instances at once) records one egress once.
        builder.HasIndex(r => r.EgressId).IsUnique();
        builder.HasIndex(r => new { r.OwnerId, r.Product });
        builder.HasIndex(r => new { r.Product, r.RecordedAt });
        builder.Ignore(r => r.HasRecording);
    }
}
