namespace Fulcrum.Journal;

/// <summary>The journal file cannot be opened or used; the message names the file and what is wrong.</summary>
internal sealed class JournalException : Exception
{
    public JournalException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
