using Fulcrum.Journal;

// Usage: JournalCrashHelper JOURNAL_PATH
// Appends events forever through the durable path and prints each id after Append returned, so whatever the
// parent read on stdout is a promise the journal made. The parent kills this process with SIGKILL.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: JournalCrashHelper JOURNAL_PATH");
    return 2;
}
var journal = new EventJournal(args[0], TimeProvider.System);
Console.WriteLine("ready");
for (var i = 0; ; i++)
{
    // Interleave the queued path: those events promise nothing, but must not corrupt the file when killed.
    journal.TryEnqueue(JournalEvent.Create(EventKinds.HealthChanged, $"queued {i}", cluster: "web"));
    var id = journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, $"durable {i}", cluster: "web", details: new string('x', 200)));
    Console.WriteLine(id);
}
