using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Workbench.Models;

namespace SdSeg.Workbench.Components.Pages.Models;

/// <summary>Lists the catalog's models, newest first, with their kind, provenance and a weights download.</summary>
public partial class ModelList
{
    private List<ModelRow>? models;

    [Inject] private IDbContextFactory<CatalogDbContext> CatalogFactory { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        await using var db = await CatalogFactory.CreateDbContextAsync();
        var entries = await db.Models.AsNoTracking().OrderByDescending(m => m.CreatedAt)
            .Select(m => new { m.Id, m.Name, m.Config, m.SizeBytes, m.OriginRunId, m.OriginFile, m.CreatedAt }).ToListAsync();
        models = entries.Select(m => new ModelRow(m.Id, m.Name, ModelKindReader.Read(m.Config), m.SizeBytes, m.OriginRunId, m.OriginFile, m.CreatedAt)).ToList();
    }

    private static string KindText(ModelKind kind) => kind switch
    {
        ModelKind.SdSeg => "SDSeg",
        ModelKind.Baseline => "U-Net baseline",
        _ => "unknown",
    };

    private sealed record ModelRow(int Id, string Name, ModelKind Kind, long SizeBytes, int? OriginRunId, string? OriginFile, DateTime CreatedAt);
}
