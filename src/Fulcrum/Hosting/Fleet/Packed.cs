using System.Buffers.Binary;
using System.Text;

namespace Fulcrum.Fleet;

/// <summary>
/// The bytes the fleet store packs its counts into: LEB128 varints, little-endian doubles and length-prefixed UTF-8.
/// Small and quick to decode in our own code: Npgsql's per-row and per-column work was most of the fleet view's time.
/// </summary>
internal sealed class PackedWriter(int capacity = 256)
{
    private byte[] _buffer = new byte[capacity];
    private int _length;

    public void Varint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }

    /// <summary>A signed value, zigzag-encoded so small negatives stay short.</summary>
    public void Signed(long value) => Varint((ulong)((value << 1) ^ (value >> 63)));

    public void Double(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)bytes);
        Ensure(bytes);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}

/// <summary>Reads what <see cref="PackedWriter"/> wrote; input that ends early or overflows is refused (<see cref="FormatException"/>).</summary>
internal ref struct PackedReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public readonly bool AtEnd => _position >= _bytes.Length;

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _bytes.Length)
            {
                throw new FormatException("packed counts end in the middle of a number");
            }
            var b = _bytes[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new FormatException("packed counts hold a number longer than 64 bits");
    }

    /// <summary>
    /// A count or length. Every item takes at least one byte, so a count beyond the bytes left is refused before
    /// anything is allocated for it: a damaged row cannot make the reader ask for a 2-billion-element array.
    /// </summary>
    public int Count()
    {
        var value = Varint();
        return value <= (ulong)(_bytes.Length - _position) ? (int)value : throw new FormatException($"packed counts claim {value} items with {_bytes.Length - _position} bytes left");
    }

    public long Signed()
    {
        var value = Varint();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public byte Byte() => Take(1)[0];

    public string String() => Encoding.UTF8.GetString(Take(Count()));

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_bytes.Length - _position < count)
        {
            throw new FormatException("packed counts end in the middle of a value");
        }
        var span = _bytes.Slice(_position, count);
        _position += count;
        return span;
    }
}
