using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pipeline.Contracts;

/// <summary>
/// One reusable UTF-8 buffer and writer per thread. Every message is serialized twice over its life (the snapshot for
/// its hash, the whole message for its body) on hot paths of both producer and consumer; a fresh buffer each time was
/// a large share of what the producer's garbage collector had to clear.
/// </summary>
internal static class ThreadJsonBuffer
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Serializes exactly as <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonTypeInfo{TValue})"/>
    /// does. The span is valid until the next call on this thread.
    /// </summary>
    public static ReadOnlySpan<byte> Write<T>(T value, JsonTypeInfo<T> type)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = type.Options.Encoder, Indented = type.Options.WriteIndented });
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, type);
        return buffer.WrittenSpan;
    }
}
