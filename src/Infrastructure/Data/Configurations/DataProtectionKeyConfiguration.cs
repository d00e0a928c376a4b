using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Streaming.Infrastructure.Data.Configurations;

/// <summary>
/// The key store of Microsoft.AspNetCore.DataProtection.EntityFrameworkCore, mapped onto the table
/// the app's own key repository used before (same columns, NOT NULL as before), so existing keys
/// and the cookies they protect stay valid.
/// </summary>
public class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).IsRequired();
        builder.Property(k => k.Xml).IsRequired();
    }
}
