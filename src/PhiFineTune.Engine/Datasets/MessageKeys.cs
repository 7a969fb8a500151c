namespace PhiFineTune.Engine.Datasets;

/// <summary>The keys of a message that the fast lane reads; any other key sends the line the reader's way.</summary>
[Flags]
internal enum MessageKeys { None = 0, Role = 1, Content = 2, Weight = 4, Name = 8 }
