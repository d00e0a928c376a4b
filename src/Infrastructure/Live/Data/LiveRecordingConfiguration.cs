using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Infrastructure.Live.Data;

public class LiveRecordingConfiguration : IEntityTypeConfiguration<LiveRecording>
{
    public void Configure(EntityTypeBuilder<LiveRecording> builder)
    {
        builder.ToTable("live_recordings", t =>
        {
            t.HasCheckConstraint("ck_live_recordings_chunk_count", "chunk_count >= 0 AND total_bytes >= 0");
        });
        builder.HasKey(r => r.StreamId);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.ReplayKey).HasMaxLength(LiveRecording.KeyMaxLength);
        builder.Property(r => r.Error).HasMaxLength(LiveRecording.ErrorMaxLength);
        // Chunk uploads, the replay job and a second instance's job never overwrite each other.
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        builder.HasOne<LiveStream>().WithOne().HasForeignKey<LiveRecording>(r => r.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.Status, r.UpdatedAt });
    }
}

public class LiveRecordingChunkConfiguration : IEntityTypeConfiguration<LiveRecordingChunk>
{
    public void Configure(EntityTypeBuilder<LiveRecordingChunk> builder)
    {
        builder.ToTable("live_recording_chunks", t =>
        {
            t.HasCheckConstraint("ck_live_recording_chunks_index", "chunk_index >= 0 AND size_bytes > 0");
        });
        // One row per index: the same index uploaded twice (retries, two tabs) can never be stored twice.
        builder.HasKey(c => new { c.StreamId, c.Index });
        builder.Property(c => c.Index).HasColumnName("chunk_index");
        builder.Property(c => c.Sha256).HasMaxLength(LiveRecordingChunk.Sha256HexLength).IsFixedLength().IsRequired();
        builder.HasOne<LiveRecording>().WithMany().HasForeignKey(c => c.StreamId).OnDelete(DeleteBehavior.Cascade);
    }
}
