using System.Runtime.InteropServices;

namespace GrantAdmin.Web.Infrastructure.Pdf;

/// <summary>
/// Lowers the CPU priority (Linux nice) of the processes this process started since a snapshot: Chromium's browser,
/// zygote, renderers and Playwright's driver. Web requests then get the cores first and letters take what is left;
/// renderers forked later inherit the value. Elsewhere than Linux it does nothing.
/// </summary>
public static class ProcessPriority
{
    private const int PrioProcess = 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    /// <summary>The processes below this one now (their ids).</summary>
    public static IReadOnlySet<int> Descendants()
    {
        if (!OperatingSystem.IsLinux()) return new HashSet<int>();
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ParentOf(pid) is { } parent)
                parents[pid] = parent;
        var self = Environment.ProcessId;
        bool Below(int pid)
        {
            for (var hops = 0; hops < 64 && parents.TryGetValue(pid, out var parent); hops++, pid = parent)
                if (parent == self) return true;
            return false;
        }
        return parents.Keys.Where(Below).ToHashSet();
    }

    /// <summary>Sets <paramref name="niceness"/> on every thread of the descendants not in <paramref name="before"/>; returns how many processes.</summary>
    public static int Lower(IReadOnlySet<int> before, int niceness)
    {
        if (!OperatingSystem.IsLinux() || niceness <= 0) return 0;
        var lowered = 0;
        foreach (var pid in Descendants().Where(p => !before.Contains(p)))
        {
            try
            {
                // Linux keeps nice per thread: every thread of the process, not just its first.
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                    if (int.TryParse(Path.GetFileName(task), out var tid)) _ = setpriority(PrioProcess, tid, niceness);
                lowered++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile: nothing to lower.
            }
        }
        return lowered;
    }

    /// <summary>The nice value of a process (field 19 of /proc/&lt;pid&gt;/stat), or null when it is gone.</summary>
    public static int? NicenessOf(int pid) => Field(pid, 16);

    /// <summary>The name of a process (as /proc shows it), or null when it is gone.</summary>
    public static string? NameOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ParentOf(int pid) => Field(pid, 1);

    // /proc/<pid>/stat is "pid (name) state ppid …"; the name may hold spaces or ')', so read after the last ')'.
    // Fields counted after the name: 0 is the state, 1 the parent, 16 the nice value.
    private static int? Field(int pid, int index)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[index], out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
