using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Infrastructure.Live.Data;

public class BroadcastPresenceConfiguration : IEntityTypeConfiguration<BroadcastPresence>
{
    public void Configure(EntityTypeBuilder<BroadcastPresence> builder)
    {
        builder.ToTable("broadcast_presences", t => t.HasCheckConstraint("ck_broadcast_presences_seconds", "broadcast_seconds >= 0"));
        builder.HasKey(p => p.StreamId);
        // Two heartbeats at once (two tabs) never lose each other's broadcast time.
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        builder.HasOne<LiveStream>().WithOne().HasForeignKey<BroadcastPresence>(p => p.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.Broadcast);
    }
}
