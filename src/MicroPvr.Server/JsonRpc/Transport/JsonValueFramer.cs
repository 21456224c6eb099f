namespace MicroPvr.Server.JsonRpc.Transport;

/// <summary>
/// Finds where one JSON value ends in a TCP byte stream. The middleware's client sends a request
/// with no terminator and does not half-close (compat spec §5), so the only way to know a request
/// is complete is to see its closing bracket. A small string- and bracket-aware scanner, resumable:
/// bytes already scanned are not scanned again when more arrive. Validation proper is left to the
/// JSON parser once the value is framed.
/// </summary>
public sealed class JsonValueFramer
{
    /// <summary>Deeper nesting is refused (bounded stack; no legitimate request nests this deep).</summary>
    public const int MaxDepth = 64;

    private readonly byte[] _closers = new byte[MaxDepth];
    private int _depth;
    private int _scanned;
    private int _start;
    private bool _started;
    private bool _inString;
    private bool _escape;
    private bool _scalar;

    /// <summary>
    /// Scans <paramref name="data"/> (all unconsumed bytes, the same prefix as in the previous call
    /// plus what arrived since). On <see cref="JsonFrameStatus.Complete"/>, the value is
    /// data[start..end); the caller consumes data[..end] and calls <see cref="Reset"/>.
    /// </summary>
    public JsonFrameStatus Scan(ReadOnlySpan<byte> data, out int start, out int end)
    {
        start = _start;
        end = 0;
        for (var i = _scanned; i < data.Length; i++)
        {
            var b = data[i];
            if (!_started)
            {
                if (IsWhitespace(b))
                {
                    continue;
                }

                _started = true;
                _start = start = i;
                switch (b)
                {
                    case (byte)'{':
                    case (byte)'[':
                        _closers[_depth++] = b == '{' ? (byte)'}' : (byte)']';
                        break;
                    case (byte)'"':
                        _inString = true;
                        break;
                    case (byte)'}':
                    case (byte)']':
                        return Invalid(i, out end);
                    default:
                        _scalar = true;
                        break;
                }

                continue;
            }

            if (_inString)
            {
                if (_escape)
                {
                    _escape = false;
                }
                else if (b == '\\')
                {
                    _escape = true;
                }
                else if (b == '"')
                {
                    _inString = false;
                    if (_depth == 0)
                    {
                        return Complete(i + 1, out end);
                    }
                }

                continue;
            }

            if (_scalar)
            {
                // A bare scalar (number, true, garbage) ends at whitespace or structure.
                if (IsWhitespace(b) || b is (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)',' or (byte)':' or (byte)'"')
                {
                    return Complete(i, out end);
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{':
                case (byte)'[':
                    if (_depth == MaxDepth)
                    {
                        return Invalid(i, out end);
                    }

                    _closers[_depth++] = b == '{' ? (byte)'}' : (byte)']';
                    break;
                case (byte)'}':
                case (byte)']':
                    if (_closers[_depth - 1] != b)
                    {
                        return Invalid(i, out end);
                    }

                    if (--_depth == 0)
                    {
                        return Complete(i + 1, out end);
                    }

                    break;
            }
        }

        _scanned = data.Length;
        return _started ? JsonFrameStatus.NeedMore : JsonFrameStatus.Empty;
    }

    /// <summary>Forgets the current value; call after consuming a complete one.</summary>
    public void Reset()
    {
        _depth = 0;
        _scanned = 0;
        _start = 0;
        _started = false;
        _inString = false;
        _escape = false;
        _scalar = false;
    }

    /// <summary>At end of stream a pending bare scalar is complete (e.g. "42" then EOF).</summary>
    public bool IsPendingScalar => _started && _scalar;

    private JsonFrameStatus Complete(int endExclusive, out int end)
    {
        end = endExclusive;
        _scanned = endExclusive;
        return JsonFrameStatus.Complete;
    }

    private JsonFrameStatus Invalid(int at, out int end)
    {
        end = at + 1;
        _scanned = at + 1;
        return JsonFrameStatus.Invalid;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
}
