using SdSeg.Catalog.Runs;

namespace SdSeg.Catalog.Models;

/// <summary>A set of SDSeg weights with the configuration they belong to.</summary>
public class ModelEntry
{
    public int Id { get; set; }

    /// <summary>Unique name shown when choosing a model for a run.</summary>
    public required string Name { get; set; }

    /// <summary>The official-layout YAML configuration the weights were built with.</summary>
    public required string Config { get; set; }

    /// <summary>Weights file path relative to the blob store root.</summary>
    public required string WeightsPath { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>The training run that produced the weights; null for imported weights or once that run is deleted.</summary>
    public int? OriginRunId { get; set; }

    public Run? OriginRun { get; set; }

    /// <summary>File name the weights were imported from (e.g. an official .ckpt); null for trained weights.</summary>
    public string? OriginFile { get; set; }

    public DateTime CreatedAt { get; set; }
}
