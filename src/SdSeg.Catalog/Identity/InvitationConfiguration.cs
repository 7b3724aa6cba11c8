using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SdSeg.Catalog.Identity;

/// <summary>Table and lookup index of <see cref="Invitation"/>.</summary>
public sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("Invitations");
        builder.Property(i => i.SecretHash).HasMaxLength(64);
        builder.Property(i => i.Role).HasMaxLength(20);
        builder.Property(i => i.UsedByUserName).HasMaxLength(256);
        // Registration looks the link up by hash.
        builder.HasIndex(i => i.SecretHash).IsUnique();
    }
}
