using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// Writes chat-format JSONL ({"messages":[system?, user, assistant]} per line) to a temporary file that becomes the
/// output only on <see cref="Commit"/>, so a failed or stopped conversion leaves nothing half-written.
/// </summary>
public sealed class ChatDatasetWriter : IDisposable
{
    static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    readonly string _path;
    readonly string _temp;
    readonly bool _force;
    readonly FileStream _stream;
    readonly Utf8JsonWriter _writer;
    bool _committed;

    public ChatDatasetWriter(string path, bool force, bool byteOrderMark)
    {
        _path = Path.GetFullPath(path);
        _force = force;
        if (File.Exists(_path) && !force)
            throw new FineTuneException("OutputFileExists", FailureKind.Conflict, $"'{_path}' exists; nothing was written.",
                _path, "Pass -Force to replace it, or choose another -Path.");
        _temp = _path + ".tmp";
        _stream = new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        if (byteOrderMark) _stream.Write(Encoding.UTF8.Preamble);
        _writer = new Utf8JsonWriter(_stream, s_json);
    }

    public long Examples { get; private set; }

    public void Add(string? systemMessage, string prompt, string response)
    {
        _writer.WriteStartObject();
        _writer.WriteStartArray("messages");
        if (!string.IsNullOrWhiteSpace(systemMessage)) Message("system", systemMessage);
        Message("user", prompt);
        Message("assistant", response);
        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _stream.WriteByte((byte)'\n');
        Examples++;
    }

    void Message(string role, string content)
    {
        _writer.WriteStartObject();
        _writer.WriteString("role", role);
        _writer.WriteString("content", content);
        _writer.WriteEndObject();
    }

    public DatasetFile Commit(string? sourcePath)
    {
        _writer.Dispose();
        _stream.Dispose();
        File.Move(_temp, _path, overwrite: _force);
        _committed = true;
        return new DatasetFile { Path = _path, Role = "Converted", Examples = Examples, SizeBytes = new FileInfo(_path).Length, SourcePath = sourcePath };
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
        if (!_committed) File.Delete(_temp);
    }
}
