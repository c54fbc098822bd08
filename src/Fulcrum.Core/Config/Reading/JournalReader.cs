using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// <c>journal: { path, max-age, max-size }</c>; a relative path is resolved against the config file's folder, so the
/// journal does not move with the working directory.
/// </summary>
internal static class JournalReader
{
    public static JournalConfig Read(ReadContext ctx, Yaml.ConfigNode? node, string baseDirectory)
    {
        var path = JournalConfig.DefaultPath;
        var retention = JournalRetention.Default;
        if (node is not null && ctx.Map(node, "journal", ConfigKeys.Journal) is { } map)
        {
            if (map.String("path", "a file path for the SQLite journal, e.g. fulcrum-journal.db") is { } text)
            {
                if (string.IsNullOrWhiteSpace(text) || text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
                {
                    map.Fail("path", $"{SafeText.Quote(text)} is not a usable file path; give a file name such as fulcrum-journal.db or an absolute path");
                }
                else
                {
                    path = text;
                }
            }
            retention = new JournalRetention(
                map.Duration("max-age") ?? retention.MaxAge,
                map.Size("max-size", min: JournalRetention.MinMaxSize) ?? retention.MaxSize);
        }
        return new JournalConfig(Path.GetFullPath(path, baseDirectory)) { Retention = retention };
    }
}
