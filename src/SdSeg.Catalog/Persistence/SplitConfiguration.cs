using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SdSeg.Catalog.Datasets;

namespace SdSeg.Catalog.Persistence;

/// <summary>Table, keys and indexes of <see cref="Split"/>; the stem lists are stored as JSON arrays.</summary>
public sealed class SplitConfiguration : IEntityTypeConfiguration<Split>
{
    public void Configure(EntityTypeBuilder<Split> builder)
    {
        builder.HasIndex(s => new { s.DatasetId, s.Seed });
    }
}
