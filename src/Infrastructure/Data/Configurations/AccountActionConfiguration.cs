using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class AccountActionConfiguration : IEntityTypeConfiguration<AccountAction>
{
    public void Configure(EntityTypeBuilder<AccountAction> builder)
    {
        builder.ToTable("account_actions");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.UserId).IsRequired();
        builder.Property(a => a.AdminId).IsRequired();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Reason).HasMaxLength(AccountAction.ReasonMaxLength).IsRequired();
        // The account's page reads its trail newest first.
        builder.HasIndex(a => new { a.UserId, a.At });
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(a => a.AdminId).OnDelete(DeleteBehavior.Restrict);
    }
}
