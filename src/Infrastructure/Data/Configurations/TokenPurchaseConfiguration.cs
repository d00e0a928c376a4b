using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class TokenPurchaseConfiguration : IEntityTypeConfiguration<TokenPurchase>
{
    public void Configure(EntityTypeBuilder<TokenPurchase> builder)
    {
        builder.ToTable("token_purchases", t =>
        {
            t.HasCheckConstraint("ck_token_purchases_amounts",
                "tokens > 0 AND amount_minor_units > 0 AND refunded_minor_units BETWEEN 0 AND amount_minor_units AND disputed_minor_units BETWEEN 0 AND amount_minor_units");
            t.HasCheckConstraint("ck_token_purchases_reversal", "tokens_taken_back >= 0 AND tokens_not_recovered >= 0 AND tokens_taken_back + tokens_not_recovered <= tokens");
        });
        builder.HasKey(p => p.Id);
        builder.Property(p => p.MemberId).IsRequired();
        builder.Property(p => p.PackName).HasMaxLength(TokenPack.NameMaxLength).IsRequired();
        builder.Property(p => p.Currency).HasMaxLength(3).IsRequired();
        builder.Property(p => p.Provider).HasMaxLength(20).IsRequired();
        builder.Property(p => p.ReturnUrl).HasMaxLength(TokenPurchase.ReturnUrlMaxLength);
        builder.Property(p => p.CheckoutSessionId).HasMaxLength(255);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.FailureReason).HasMaxLength(300);
        builder.Property(p => p.PaymentReference).HasMaxLength(255);
        builder.Property(p => p.CreditTransactionId).HasMaxLength(100);
        builder.Property(p => p.DisputeStatus).HasMaxLength(40);

        // A purchase is a record of money: the pack and the member stay (packs are only disabled;
        // deleting an account anonymises its profile).
        builder.HasOne<TokenPack>().WithMany().HasForeignKey(p => p.PackId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);

        // One checkout, one purchase (and so one credit); one buy form, one purchase.
        builder.HasIndex(p => p.CheckoutSessionId).IsUnique();
        builder.HasIndex(p => new { p.MemberId, p.RequestId }).IsUnique();
        builder.HasIndex(p => p.PaymentReference);
        builder.HasIndex(p => new { p.MemberId, p.CreatedAt });
        builder.HasIndex(p => new { p.Status, p.CreatedAt });
        builder.HasIndex(p => p.PackId);

        builder.Ignore(p => p.Amount);
        builder.Ignore(p => p.CreditKey);
        builder.Ignore(p => p.NextAdjustmentKey);
        builder.Ignore(p => p.RefundableMinorUnits);
        builder.Ignore(p => p.TokensToReverse);
        builder.Ignore(p => p.AdjustmentDue);
        builder.Ignore(p => p.Outcome);
    }
}
