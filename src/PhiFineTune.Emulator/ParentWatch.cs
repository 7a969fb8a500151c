using System.Diagnostics;

namespace PhiFineTune.Emulator;

/// <summary>--parent-pid: shut down when the process that started us is gone (checked every 500 ms).</summary>
public sealed class ParentWatch(int pid, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var startTime = StartTime(pid);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!IsAlive(pid, startTime))
                {
                    Console.Error.WriteLine($"PhiFineTune emulator: parent process {pid} has exited; stopping.");
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Alive = the pid exists, is not a zombie (Linux), and (when known) has the start time it had when we began
    /// watching, so a reused pid does not keep us running.
    /// </summary>
    public static bool IsAlive(int pid, DateTime? startTime)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }
            if (startTime is DateTime expected && StartTime(process) is DateTime actual && actual != expected)
            {
                return false;
            }
            if (OperatingSystem.IsLinux())
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
                if (state is 'Z' or 'X')
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    private static DateTime? StartTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return StartTime(process);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static DateTime? StartTime(Process process)
    {
        try
        {
            return process.StartTime;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
