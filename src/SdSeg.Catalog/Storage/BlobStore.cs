using Microsoft.Extensions.Options;

namespace SdSeg.Catalog.Storage;

/// <summary>Files of datasets, runs and models on disk under the data root, addressed by safe relative paths.</summary>
public class BlobStore(IOptions<CatalogOptions> options)
{
    /// <summary>Absolute path of the store's root folder.</summary>
    public string Root { get; } = options.Value.BlobRootFullPath;

    /// <summary>Maps a store-relative path ("datasets/3/images/a.png") to an absolute path inside <see cref="Root"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty, absolute, uses backslashes, or has "." / ".." / empty segments.</exception>
    public string GetFullPath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Length == 0)
            throw new ArgumentException("Blob path is empty.", nameof(relativePath));
        if (relativePath.Contains('\\'))
            throw new ArgumentException($"Blob path '{relativePath}' contains a backslash; use '/' between folders.", nameof(relativePath));
        if (Path.IsPathRooted(relativePath) || relativePath.StartsWith('/'))
            throw new ArgumentException($"Blob path '{relativePath}' is absolute; it must be relative to the blob store.", nameof(relativePath));
        if (relativePath.IndexOf('\0') >= 0)
            throw new ArgumentException("Blob path contains a NUL character.", nameof(relativePath));
        foreach (var segment in relativePath.Split('/'))
        {
            if (segment is "" or "." or "..")
                throw new ArgumentException($"Blob path '{relativePath}' has an empty, '.' or '..' segment; it must stay inside the blob store.", nameof(relativePath));
        }

        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        // Defence in depth: whatever the checks above missed, the result must lie under the root.
        if (!full.StartsWith(Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Blob path '{relativePath}' resolves outside the blob store.", nameof(relativePath));
        return full;
    }

    /// <summary>Whether a file exists at the relative path.</summary>
    public bool Exists(string relativePath) => File.Exists(GetFullPath(relativePath));

    /// <summary>Writes a file, creating folders as needed; readers never see a half-written file.</summary>
    public async Task WriteAsync(string relativePath, Stream content, CancellationToken cancellationToken = default)
    {
        var full = GetFullPath(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + "." + Guid.NewGuid().ToString("N") + ".partial";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>Opens a stored file for reading.</summary>
    /// <exception cref="FileNotFoundException">No file is stored at the path.</exception>
    public Stream OpenRead(string relativePath)
    {
        var full = GetFullPath(relativePath);
        if (!File.Exists(full))
            throw new FileNotFoundException($"No blob is stored at '{relativePath}'.", full);
        return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
    }

    /// <summary>Deletes a stored file; returns false when there was none.</summary>
    public bool Delete(string relativePath)
    {
        var full = GetFullPath(relativePath);
        if (!File.Exists(full))
            return false;
        File.Delete(full);
        return true;
    }

    /// <summary>Deletes a folder and everything under it (e.g. a dataset's or a run's files); returns false when there was none.</summary>
    public bool DeleteFolder(string relativePath)
    {
        var full = GetFullPath(relativePath);
        if (!Directory.Exists(full))
            return false;
        Directory.Delete(full, recursive: true);
        return true;
    }
}
