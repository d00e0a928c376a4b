using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Tokens;
using Streaming.Infrastructure.Identity;

namespace Streaming.Infrastructure.Data.Configurations;

public class LedgerIdentityConfiguration : IEntityTypeConfiguration<LedgerIdentity>
{
    public void Configure(EntityTypeBuilder<LedgerIdentity> builder)
    {
        builder.ToTable("ledger_identities");
        builder.HasKey(i => i.UserId);
        builder.Property(i => i.Provider).HasMaxLength(LedgerIdentity.ProviderMaxLength).IsRequired();
        builder.Property(i => i.Subject).HasMaxLength(LedgerIdentity.SubjectMaxLength).IsRequired();
        // One iOS account's tokens belong to one web account.
        builder.HasIndex(i => new { i.Provider, i.Subject }).IsUnique();
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<LedgerIdentity>(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
