namespace Fulcrum.Core.Simulation;

/// <summary>
/// One random stream of a run (arrivals, or service times), drawn ahead in blocks by <see cref="IDrawFiller{T}"/>
/// and read one draw at a time by the event loop. A stream's draws never depend on the simulation's state, only
/// on how many were taken before (see <see cref="ArrivalDraw"/>, <see cref="ServiceDraw"/>), so drawing ahead
/// changes nothing in what the loop sees.
/// <para>Inline (the default) the loop refills its one block itself when it runs out. With a
/// <see cref="DrawAhead"/> thread the blocks form a single-producer single-consumer ring: that thread fills free
/// blocks, the loop takes filled ones in order. Either way the draws come out of the same
/// <see cref="IDrawFiller{T}"/> in the same order: the same seed gives the same run whatever the thread count.</para>
/// </summary>
internal sealed class DrawFeed<T>
    where T : struct
{
    /// <summary>Draws per block: one block outlasts a wake-up of the drawing thread by far (about 2,000 requests).</summary>
    public const int BlockLength = 2048;

    private readonly IDrawFiller<T> _filler;
    private readonly T[][] _blocks;
    private T[] _current;
    private int _next;
    // Ring positions, counted in blocks since the start: filled by the drawing thread, released by the loop.
    private long _filled;
    private long _released;
    private bool _reading;

    /// <param name="blocks">Blocks in the ring; 1 for an inline feed (the loop refills its only block).</param>
    public DrawFeed(IDrawFiller<T> filler, int blocks)
    {
        _filler = filler;
        _blocks = new T[blocks][];
        for (var i = 0; i < blocks; i++)
        {
            _blocks[i] = new T[BlockLength];
        }
        _current = _blocks[0];
        _next = BlockLength;
    }

    /// <summary>Set when a <see cref="DrawAhead"/> thread fills this feed; unset, the loop draws inline.</summary>
    public DrawAhead? Producer { get; set; }

    /// <summary>The next draw of the stream.</summary>
    public ref readonly T Next()
    {
        if (_next == BlockLength)
        {
            NextBlock();
        }
        return ref _current[_next++];
    }

    /// <summary>Filled blocks not yet released: the ring's level as the drawing thread sees it.</summary>
    internal long Level => Volatile.Read(ref _filled) - Volatile.Read(ref _released);

    /// <summary>Fills the next free block of the ring, if there is one (the drawing thread only).</summary>
    internal bool TryFillOne()
    {
        var position = _filled;
        if (position - Volatile.Read(ref _released) >= _blocks.Length)
        {
            return false;
        }
        _filler.Fill(_blocks[position % _blocks.Length]);
        Volatile.Write(ref _filled, position + 1); // publishes the block's contents with it
        return true;
    }

    private void NextBlock()
    {
        _next = 0;
        if (Producer is not { } producer)
        {
            _filler.Fill(_current);
            return;
        }
        if (_reading)
        {
            Volatile.Write(ref _released, _released + 1); // the block just read is free again
            producer.Wake(this);
        }
        _reading = true;
        var position = _released;
        producer.WaitFor(this, position);
        _current = _blocks[position % _blocks.Length];
    }

    /// <summary>Whether block <paramref name="position"/> is filled.</summary>
    internal bool IsFilled(long position) => Volatile.Read(ref _filled) > position;

    internal int Blocks => _blocks.Length;
}

/// <summary>Fills a block with the next draws of one random stream, in order.</summary>
internal interface IDrawFiller<T>
    where T : struct
{
    void Fill(T[] block);
}
