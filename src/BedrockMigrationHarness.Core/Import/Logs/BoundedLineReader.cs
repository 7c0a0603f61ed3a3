using System.Buffers;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Reads a stream line by line (LF, an optional CR before it dropped) without ever holding more than one line of at
/// most <c>maxLineBytes</c>: a longer line is reported as too long and skipped to its end without being kept.
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async ValueTask<TextLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.ResetWrittenCount();
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_ended)
                {
                    break;
                }

                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    _ended = true;
                    break;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            var piece = newline < 0 ? span : span[..newline];
            if (!tooLong)
            {
                if (_line.WrittenCount + piece.Length > maxLineBytes)
                {
                    tooLong = true;
                    _line.ResetWrittenCount();
                }
                else
                {
                    _line.Write(piece);
                }
            }

            _start += newline < 0 ? span.Length : newline + 1;
            if (newline >= 0)
            {
                break;
            }
        }

        if (!any)
        {
            return null;
        }

        LineNumber++;
        var bytes = _line.WrittenMemory;
        if (bytes.Length > 0 && bytes.Span[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        return new TextLine(LineNumber, bytes, tooLong);
    }
}

/// <summary>One line's bytes (valid until the next read), or <see cref="TooLong"/> with none.</summary>
internal readonly record struct TextLine(long Number, ReadOnlyMemory<byte> Bytes, bool TooLong);
