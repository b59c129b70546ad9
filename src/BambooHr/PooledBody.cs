using System.Buffers;

namespace Pipeline.BambooHr;

/// <summary>
/// A response body read into a rented array, returned to the pool on dispose. A 500-employee report is about 175 KB:
/// read the usual way, every chunk allocated large-object-heap arrays, and a 100,000-employee sync spent a tenth of its
/// time in the collections they caused (docs/performance.md, "Producer").
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int FirstRead = 64 * 1024;

    private byte[] _buffer;

    private PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads <paramref name="content"/> to its end; more than <paramref name="maxBytes"/> is refused.</summary>
    public static async Task<PooledBody> ReadAsync(HttpContent content, long maxBytes, CancellationToken ct)
    {
        var announced = content.Headers.ContentLength;
        if (announced > maxBytes)
        {
            throw new InvalidDataException($"the body announces {announced} bytes, over the {maxBytes}-byte limit");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(announced is > 0 and var n ? (int)n + 1 : FirstRead);
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        throw new InvalidDataException($"the body is over the {maxBytes}-byte limit");
                    }

                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }

            return new PooledBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
