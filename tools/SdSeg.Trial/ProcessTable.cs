using System.Runtime.InteropServices;

namespace SdSeg.Trial;

/// <summary>Linux process facts read from /proc, and signals (.NET's Process cannot send SIGTERM).</summary>
public static class ProcessTable
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Every living descendant of <paramref name="rootId"/> with its command line.</summary>
    public static IReadOnlyList<(int Id, string CommandLine)> Descendants(int rootId)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var id))
                continue;
            try
            {
                // /proc/<id>/stat: "id (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[id] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // It exited while being looked at.
            }
        }
        var found = new List<(int, string)>();
        var frontier = new Queue<int>([rootId]);
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var (child, _) in parents.Where(p => p.Value == parent))
            {
                found.Add((child, CommandLine(child)));
                frontier.Enqueue(child);
            }
        }
        return found;
    }

    public static bool IsAlive(int id) => File.Exists($"/proc/{id}/stat") && !IsZombie(id);

    public static string CommandLine(int id)
    {
        try
        {
            return File.ReadAllText($"/proc/{id}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process is already gone.</summary>
    public static bool Signal(int id, int signal) => Kill(id, signal) == 0;

    private static bool IsZombie(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
