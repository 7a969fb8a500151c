namespace PhiFineTune.Engine.Emulator;

/// <summary>The last lines the emulator printed, for a failure message.</summary>
internal sealed class BoundedLog
{
    readonly Queue<string> _lines = new();

    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > 20) _lines.Dequeue();
        }
    }

    public override string ToString()
    {
        lock (_lines) return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
    }
}
