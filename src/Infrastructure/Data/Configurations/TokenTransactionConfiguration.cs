using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Tokens;

namespace Streaming.Infrastructure.Data.Configurations;

public class TokenTransactionConfiguration : IEntityTypeConfiguration<TokenTransaction>
{
    public void Configure(EntityTypeBuilder<TokenTransaction> builder)
    {
        builder.ToTable("token_transactions", t => t.HasCheckConstraint("ck_token_transactions_balance_after", "balance_after >= 0"));
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Reason).HasMaxLength(TokenTransaction.ReasonMaxLength).IsRequired();
        builder.Property(t => t.IdempotencyKey).HasMaxLength(TokenTransaction.IdempotencyKeyMaxLength).IsRequired();
        builder.HasOne<TokenAccount>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Cascade);

        // A retried request finds its first transaction instead of paying twice.
        builder.HasIndex(t => new { t.MemberId, t.IdempotencyKey }).IsUnique();
        builder.HasIndex(t => new { t.MemberId, t.CreatedAt });
        builder.HasIndex(t => t.StreamId);
    }
}
