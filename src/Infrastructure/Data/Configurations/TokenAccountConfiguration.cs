using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class TokenAccountConfiguration : IEntityTypeConfiguration<TokenAccount>
{
    public void Configure(EntityTypeBuilder<TokenAccount> builder)
    {
        // The database refuses a negative balance even if a bug slipped past the domain rule.
        builder.ToTable("token_accounts", t => t.HasCheckConstraint("ck_token_accounts_balance", "balance >= 0"));
        builder.HasKey(a => a.MemberId);
        builder.HasOne<UserProfile>().WithOne().HasForeignKey<TokenAccount>(a => a.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
