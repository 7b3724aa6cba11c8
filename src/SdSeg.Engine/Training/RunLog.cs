using System.Globalization;

namespace SdSeg.Engine.Training;

/// <summary>The human-readable <c>log.txt</c> of a run: timestamped lines, appended and flushed one by one, optionally echoed.</summary>
public sealed class RunLog(string file, Action<string>? echo = null)
{
    readonly Lock _gate = new();

    public string File { get; } = file;

    public void Write(string message)
    {
        var line = $"{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z {message}";
        lock (_gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(File)!);
            System.IO.File.AppendAllText(File, line + Environment.NewLine);
        }
        echo?.Invoke(message);
    }
}
