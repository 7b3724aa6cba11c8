using System.Globalization;
using System.Text;

namespace SdSeg.Engine.Execution;

/// <summary>
/// <c>engine.lock</c> in a run directory, held exclusively by the engine executing it (on Linux an <c>flock</c>, which the
/// kernel releases when the process ends, however it ends). Two engines must never write into one run directory: the second
/// is refused, and the workbench does not resume a run while an engine (e.g. one left by a killed workbench) still holds it.
/// The file holds the holder's process id, for messages.
/// </summary>
public sealed class EngineLock : IDisposable
{
    /// <summary>The lock file's name in the run directory.</summary>
    public const string FileName = "engine.lock";

    private readonly FileStream _stream;

    private EngineLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the run directory's lock for this process.</summary>
    /// <exception cref="InvalidOperationException">Another process holds it.</exception>
    public static EngineLock Acquire(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            var holder = Holder(runDirectory);
            throw new InvalidOperationException(
                $"Another engine{(holder is { } pid ? $" (process {pid})" : "")} is executing the run in '{runDirectory}'; two engines must not share a run directory.");
        }
        stream.SetLength(0);
        stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
        stream.Flush(flushToDisk: true);
        return new EngineLock(stream);
    }

    /// <summary>True when a process holds the run directory's lock now.</summary>
    public static bool IsHeld(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
            return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The process id the lock file names, if it is readable (the holder may have ended since).</summary>
    public static int? Holder(string runDirectory)
    {
        try
        {
            using var stream = new FileStream(Path.Combine(runDirectory, FileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return int.TryParse(reader.ReadToEnd().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
