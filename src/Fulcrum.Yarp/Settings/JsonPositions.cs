using System.Text;
using System.Text.Json;
using Fulcrum.Core.Config;

namespace Fulcrum.Settings;

/// <summary>
/// Where each value of a JSON settings file is, by configuration path (<c>ReverseProxy:Clusters:web:Metadata:Fulcrum.Weight</c>,
/// keys compared without case as <c>IConfiguration</c> does), and where each section's text starts and ends.
/// Read with the runtime's JSON reader (comments and trailing commas allowed, as in appsettings.json).
/// </summary>
internal sealed class JsonPositions
{
    private readonly Dictionary<string, (SourceLocation At, long Start, long End)> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly byte[] _utf8;
    private readonly List<long> _lineStarts = [0];

    private JsonPositions(string file, byte[] utf8)
    {
        File = file;
        _utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public string File { get; }

    /// <summary>Indexes <paramref name="text"/>; throws <see cref="JsonException"/> (with line and position) on malformed JSON.</summary>
    public static JsonPositions Read(string file, string text)
    {
        var positions = new JsonPositions(file, Encoding.UTF8.GetBytes(text));
        positions.Index();
        return positions;
    }

    public bool TryFind(string path, out SourceLocation location)
    {
        var found = _values.TryGetValue(path, out var entry);
        location = entry.At;
        return found;
    }

    /// <summary>The text of the value at <paramref name="path"/>, padded so that lines and columns in it are the file's.</summary>
    public string? SectionText(string path)
    {
        if (!_values.TryGetValue(path, out var entry))
        {
            return null;
        }
        var padding = new string('\n', entry.At.Line - 1) + new string(' ', entry.At.Column - 1);
        return padding + Encoding.UTF8.GetString(_utf8, (int)entry.Start, (int)(entry.End - entry.Start));
    }

    private void Index()
    {
        var reader = new Utf8JsonReader(_utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
        var path = new List<string>();
        var indexes = new Stack<int>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    if (path.Count > 0)
                    {
                        Close(reader.BytesConsumed);
                        path.RemoveAt(path.Count - 1);
                    }
                    indexes.Pop();
                    continue;
            }
            var name = property ?? (indexes.Count > 0 ? NextIndex(indexes) : null);
            property = null;
            var at = Locate(reader.TokenStartIndex);
            var start = reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                if (name is not null)
                {
                    path.Add(name);
                    _values[string.Join(':', path)] = (at, start, start);
                }
                indexes.Push(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
            }
            else if (name is not null)
            {
                _values[string.Join(':', path.Append(name))] = (at, start, reader.BytesConsumed);
            }
        }

        void Close(long end)
        {
            var key = string.Join(':', path);
            if (_values.TryGetValue(key, out var entry))
            {
                _values[key] = entry with { End = end };
            }
        }
    }

    /// <summary>Inside an array the next element's name is its index; inside an object (marked -1) values are named by properties.</summary>
    private static string? NextIndex(Stack<int> indexes)
    {
        var current = indexes.Pop();
        if (current < 0)
        {
            indexes.Push(current);
            return null;
        }
        indexes.Push(current + 1);
        return current.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private SourceLocation Locate(long offset)
    {
        var line = _lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }
        var column = Encoding.UTF8.GetCharCount(_utf8, (int)_lineStarts[line], (int)(offset - _lineStarts[line])) + 1;
        return new SourceLocation(File, line + 1, column);
    }
}
