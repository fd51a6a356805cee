using System.Runtime.InteropServices;

namespace GrantAdmin.Web.Infrastructure.Pdf;

/// <summary>
/// Lowers the CPU priority (Linux nice) of a browser's processes: the browser, its zygotes, GPU, utility and renderer
/// processes. Web requests then get the cores first and letters take what is left. Chromium sets a foreground renderer
/// back to nice 0 itself when it may (as root), so the renderer is lowered again once its page exists. Elsewhere than
/// Linux it does nothing.
/// </summary>
public static class ProcessPriority
{
    private const int PrioProcess = 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    /// <summary>The processes below <paramref name="root"/> now (their ids).</summary>
    public static IReadOnlySet<int> Descendants(int root)
    {
        if (!OperatingSystem.IsLinux()) return new HashSet<int>();
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Field(pid, 1) is { } parent)
                parents[pid] = parent;
        bool Below(int pid)
        {
            for (var hops = 0; hops < 64 && parents.TryGetValue(pid, out var parent); hops++, pid = parent)
                if (parent == root) return true;
            return false;
        }
        return parents.Keys.Where(Below).ToHashSet();
    }

    /// <summary>
    /// The browser process started since <paramref name="before"/> (descendants of this process then): the new Chromium
    /// process whose parent is not a new Chromium process (Playwright's driver started it). Null when none is found.
    /// </summary>
    public static int? NewBrowser(IReadOnlySet<int> before)
    {
        var started = Descendants(Environment.ProcessId).Where(p => !before.Contains(p) && IsChromium(p)).ToHashSet();
        return started.Where(p => Field(p, 1) is { } parent && !started.Contains(parent)).Cast<int?>().FirstOrDefault();
    }

    /// <summary>Sets <paramref name="niceness"/> on every thread of <paramref name="root"/> and the processes below it.</summary>
    public static void Lower(int? root, int niceness)
    {
        if (!OperatingSystem.IsLinux() || niceness <= 0 || root is not { } browser) return;
        foreach (var pid in Descendants(browser).Append(browser))
        {
            try
            {
                // Linux keeps nice per thread: every thread of the process, not just its first.
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                    if (int.TryParse(Path.GetFileName(task), out var tid)) _ = setpriority(PrioProcess, tid, niceness);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile: nothing to lower.
            }
        }
    }

    /// <summary>The nice value of a process (field 19 of /proc/&lt;pid&gt;/stat), or null when it is gone.</summary>
    public static int? NicenessOf(int pid) => Field(pid, 16);

    /// <summary>Whether the process is Chromium's (by its name as /proc shows it).</summary>
    public static bool IsChromium(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").StartsWith("chrom", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

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
