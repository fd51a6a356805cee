using System.Diagnostics;
using System.Globalization;

namespace GrantAdmin.Benchmarks;

/// <summary>
/// CPU time of a process (and of its child processes, e.g. the Chromium that renders receipt PDFs) from /proc, and the
/// machine's load average: what a burst cost the server, as opposed to how long it took.
/// </summary>
public static class ProcessMeter
{
    /// <summary>Clock ticks per second of /proc's CPU times (<c>getconf CLK_TCK</c>, normally 100).</summary>
    public static readonly int TicksPerSecond = ReadTicksPerSecond();

    public sealed record CpuSample(long OwnTicks, long ChildTicks)
    {
        public static CpuSample operator -(CpuSample after, CpuSample before) =>
            new(after.OwnTicks - before.OwnTicks, after.ChildTicks - before.ChildTicks);

        public double OwnMs => OwnTicks * 1000.0 / TicksPerSecond;
        public double ChildMs => ChildTicks * 1000.0 / TicksPerSecond;
    }

    /// <summary>utime + stime of the process itself, and summed over its living descendants.</summary>
    public static CpuSample Cpu(int pid)
    {
        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var id) && Read(id) is { } stat)
                stats[id] = stat;
        if (!stats.TryGetValue(pid, out var own)) throw new InvalidOperationException($"Process {pid} is gone.");
        var children = 0L;
        var descendants = new HashSet<int> { pid };
        bool grew;
        do
        {
            grew = false;
            foreach (var (id, stat) in stats)
                if (!descendants.Contains(id) && descendants.Contains(stat.Parent))
                {
                    descendants.Add(id);
                    children += stat.Ticks;
                    grew = true;
                }
        } while (grew);
        return new CpuSample(own.Ticks, children);
    }

    /// <summary>The 1-minute load average (the first field of /proc/loadavg).</summary>
    public static double LoadAverage() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>The file system a path lies on, from /proc/mounts, e.g. "ext4 on /dev/vda": fsync's cost depends on it.</summary>
    public static string FileSystemOf(string path)
    {
        var full = Path.GetFullPath(path);
        var mount = File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 2)
            .Where(f => full.StartsWith(f[1].EndsWith('/') ? f[1] : f[1] + "/", StringComparison.Ordinal) || full == f[1])
            .MaxBy(f => f[1].Length);
        return mount is null ? "unknown file system" : $"{mount[2]} on {mount[0]}";
    }

    /// <summary>Fields 4 (ppid), 14 (utime) and 15 (stime) of /proc/PID/stat; the name (field 2) may hold spaces, so count after its ')'.</summary>
    private static (int Parent, long Ticks)? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }           // exited meanwhile
        catch (UnauthorizedAccessException) { return null; }
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    private static int ReadTicksPerSecond()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            var output = getconf.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return int.TryParse(output, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 ? ticks : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}
