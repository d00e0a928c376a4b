using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class VoiceCallConfiguration : IEntityTypeConfiguration<VoiceCall>
{
    public void Configure(EntityTypeBuilder<VoiceCall> builder)
    {
        builder.ToTable("voice_calls");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Product).HasMaxLength(Products.MaxLength).IsRequired();
        builder.Property(c => c.OwnerId).IsRequired();
        builder.Property(c => c.Participants).HasMaxLength(VoiceCall.ParticipantsMaxLength).IsRequired();
        builder.Property(c => c.RecordingLocation).HasMaxLength(RecordingFile.LocationMaxLength);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.OwnerId, c.Product });
        builder.HasIndex(c => new { c.Product, c.RecordedAt });
        builder.Ignore(c => c.HasRecording);
    }
}
