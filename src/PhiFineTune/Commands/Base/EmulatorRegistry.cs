using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Commands.Base;

/// <summary>Every emulator this module started in this process, so that removing the module stops them.</summary>
internal static class EmulatorRegistry
{
    static readonly List<EmulatorInstance> s_started = [];

    public static void Add(EmulatorInstance emulator)
    {
        lock (s_started) s_started.Add(emulator);
    }

    public static void Remove(EmulatorInstance emulator)
    {
        lock (s_started) s_started.Remove(emulator);
    }

    public static void StopAll()
    {
        EmulatorInstance[] all;
        lock (s_started)
        {
            all = [.. s_started];
            s_started.Clear();
        }
        foreach (var emulator in all) EmulatorLauncher.Stop(emulator, TimeSpan.FromSeconds(10));
    }
}
