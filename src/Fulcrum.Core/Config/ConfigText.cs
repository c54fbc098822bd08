using System.Text;

namespace Fulcrum.Core.Config;

/// <summary>
/// Reads a YAML file (a config or a scenario) without ever holding more than <see cref="ConfigLimits.MaxBytes"/>
/// of it: a multi-gigabyte file, or a pipe that never ends, is refused after the limit instead of read into memory.
/// </summary>
public static class ConfigText
{
    /// <summary>The file's text (encoding from its byte order mark, UTF-8 otherwise), or null with the reason in <paramref name="error"/>.</summary>
    public static string? TryReadFile(string path, ConfigLimits limits, out string error)
    {
        error = "";
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var bytes = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                if (bytes.Length + read > limits.MaxBytes)
                {
                    error = TooLarge(limits);
                    return null;
                }
                bytes.Write(chunk, 0, read);
            }
            bytes.Position = 0;
            using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Null when <paramref name="text"/> is within <see cref="ConfigLimits.MaxBytes"/>, else why not.</summary>
    public static string? CheckSize(string text, ConfigLimits limits)
    {
        // Every char is at least one UTF-8 byte and at most three, so only text near the limit needs counting.
        var fits = (long)text.Length * 3 <= limits.MaxBytes
            || (text.Length <= limits.MaxBytes && Encoding.UTF8.GetByteCount(text) <= limits.MaxBytes);
        return fits ? null : TooLarge(limits);
    }

    private static string TooLarge(ConfigLimits limits) =>
        $"the file is larger than the limit of {limits.MaxBytes} bytes ({limits.MaxBytes / 1024} KiB, ConfigLimits.MaxBytes); a config is normally a few KiB";
}
