using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Streaming.Infrastructure.Payments.Demo;

public class DemoCheckoutSessionConfiguration : IEntityTypeConfiguration<DemoCheckoutSession>
{
    public void Configure(EntityTypeBuilder<DemoCheckoutSession> builder)
    {
        builder.ToTable("demo_checkout_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(100);
        builder.Property(s => s.IdempotencyKey).HasMaxLength(255).IsRequired();
        builder.Property(s => s.Currency).HasMaxLength(3).IsRequired();
        builder.HasIndex(s => s.IdempotencyKey).IsUnique();
        builder.Ignore(s => s.PaymentReference);
    }
}
