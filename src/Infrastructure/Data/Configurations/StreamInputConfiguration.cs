using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Streams;

namespace Streaming.Infrastructure.Data.Configurations;

public class StreamInputConfiguration : IEntityTypeConfiguration<StreamInput>
{
    public void Configure(EntityTypeBuilder<StreamInput> builder)
    {
        builder.ToTable("stream_inputs");
        builder.HasKey(i => i.StreamId);
        builder.Property(i => i.StreamId).ValueGeneratedNever();
        builder.Property(i => i.Provider).HasMaxLength(StreamInput.ProviderMaxLength).IsRequired();
        builder.Property(i => i.InputId).HasMaxLength(StreamInput.InputIdMaxLength).IsRequired();
        builder.Property(i => i.PublishUrl).HasMaxLength(StreamInput.UrlMaxLength).IsRequired();
        builder.Property(i => i.PlaybackUrl).HasMaxLength(StreamInput.UrlMaxLength).IsRequired();
        builder.Property(i => i.LastEvent).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.LastError).HasMaxLength(StreamInput.ErrorMaxLength);
        // Two webhooks for the same input at once: the second re-reads and re-applies.
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        builder.HasOne<LiveStream>().WithOne().HasForeignKey<StreamInput>(i => i.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.Provider, i.InputId }).IsUnique();
        builder.Ignore(i => i.IsBroadcasterDisconnected);
    }
}
