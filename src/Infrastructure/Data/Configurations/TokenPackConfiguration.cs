using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Purchases;

namespace Streaming.Infrastructure.Data.Configurations;

public class TokenPackConfiguration : IEntityTypeConfiguration<TokenPack>
{
    public void Configure(EntityTypeBuilder<TokenPack> builder)
    {
        builder.ToTable("token_packs", t =>
        {
            t.HasCheckConstraint("ck_token_packs_tokens", "tokens > 0");
            t.HasCheckConstraint("ck_token_packs_price", "price_minor_units > 0");
        });
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(TokenPack.NameMaxLength).IsRequired();
        builder.Property(p => p.Currency).HasMaxLength(3).IsRequired();
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        builder.Ignore(p => p.Price);
    }
}
