using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SdSeg.Catalog.Datasets;

namespace SdSeg.Catalog.Persistence;

/// <summary>Table, keys and indexes of <see cref="Sample"/>.</summary>
public sealed class SampleConfiguration : IEntityTypeConfiguration<Sample>
{
    public void Configure(EntityTypeBuilder<Sample> builder)
    {
        builder.Property(s => s.Stem).HasMaxLength(400);
        builder.Property(s => s.ImagePath).HasMaxLength(1000);
        builder.Property(s => s.MaskPath).HasMaxLength(1000);
        builder.Property(s => s.Flags).HasMaxLength(200);
        builder.HasIndex(s => new { s.DatasetId, s.Stem }).IsUnique();
    }
}
