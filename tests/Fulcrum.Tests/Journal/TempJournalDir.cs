namespace Fulcrum.Tests.Journal;

/// <summary>A temp folder for a real journal file, deleted on dispose.</summary>
internal sealed class TempJournalDir : IDisposable
{
    public TempJournalDir()
    {
        Folder = Directory.CreateTempSubdirectory("fulcrum-journal-test-").FullName;
    }

    public string Folder { get; }

    public string DbPath => Path.Combine(Folder, "journal.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A child process killed mid-test may still be releasing the file; the OS temp cleaner gets it later.
        }
    }
}
