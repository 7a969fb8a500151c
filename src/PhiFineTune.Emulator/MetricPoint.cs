namespace PhiFineTune.Emulator;

/// <summary>One MLflow metric point (G.2): timestamp in Unix milliseconds.</summary>
public sealed record MetricPoint(string Key, double Value, long Timestamp, long Step);
