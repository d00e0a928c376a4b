using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Notifications;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class EmailOptOutConfiguration : IEntityTypeConfiguration<EmailOptOut>
{
    public void Configure(EntityTypeBuilder<EmailOptOut> builder)
    {
        builder.ToTable("email_opt_outs");
        builder.HasKey(o => new { o.UserId, o.Category });
        builder.Property(o => o.Category).HasConversion<string>().HasMaxLength(30);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
