using System.Text;
using System.Text.RegularExpressions;

namespace Fulcrum.Core.Tests.Config.Hostile;

/// <summary>
/// Generates hostile YAML from a seeded <see cref="Random"/>, so every run tries the same cases and a failure names
/// one that can be replayed: deep nesting, huge scalars and numbers, random characters, mutations of a valid file
/// and alias bombs.
/// </summary>
internal sealed partial class HostileYaml(int seed, string sample)
{
    /// <summary>Characters that must never reach a terminal raw: ESC, BEL, NUL, DEL, a C1 CSI, bidi overrides, a line separator.</summary>
    private static readonly string[] ControlChars = ["\u001b[31m", "\u0007", "\0", "\u007f", "\u009b", "\u202e", "\u2066", "\u2028", "\ufeff", "\r", "\t"];

    private static readonly string[] Replacements =
    [
        "[x]", "{a: b}", "\"\"", "~", "null", "-1", "0", "1e309", "NaN", ".inf", "99999999999999999999999999999", "3000000000000000000h",
        "&a", "*a", "<<: *a", "!!binary", "? x", "|", ">", "'", "\"", "#", "---", "...", "%YAML 1.1", "@", "`",
    ];

    private readonly Random _random = new(seed);
    private readonly string[] _tokens = TokenPattern().Matches(sample).Select(m => m.Value).ToArray();

    /// <summary>Mappings or lists nested <paramref name="depth"/> levels, flow or block style.</summary>
    public string DeepNesting(int depth)
    {
        switch (_random.Next(4))
        {
            case 0:
                return new string('[', depth) + new string(']', depth);
            case 1:
                return string.Concat(Enumerable.Repeat("{a: ", depth)) + "x" + new string('}', depth);
            case 2:
                // Unclosed: the parser must stop at the depth cap, not at the end of the text.
                return "routes: " + new string('[', depth);
            default:
                // Block style costs indentation per level, so keep it shallower (the text grows with depth squared).
                var text = new StringBuilder();
                for (var i = 0; i < Math.Min(depth, 400); i++)
                {
                    text.Append(' ', i).Append(i % 2 == 0 ? "- " : "k: ").Append('\n');
                }
                return text.ToString();
        }
    }

    /// <summary>The sample with one value (or key) replaced by <paramref name="length"/> characters.</summary>
    public string HugeScalar(int length)
    {
        var filler = _random.Next(3) switch
        {
            0 => new string('a', length),
            1 => "http://" + new string('9', length),
            _ => string.Concat(Enumerable.Repeat("\u001b]0;x\u0007", length / 6 + 1))[..length],
        };
        return ReplaceOneToken(_random.Next(2) == 0 ? filler : "\"" + filler + "\"");
    }

    /// <summary>The sample with one token replaced by an out-of-range or malformed number or duration.</summary>
    public string HugeNumber()
    {
        var digits = new string('9', _random.Next(1, 400));
        string[] numbers =
        [
            digits, "-" + digits, digits + "h", digits + "." + digits + "ms", "1e" + digits, "0x" + digits, digits + "h" + digits + "m",
            "3000000000000000000h", "9223372036854775807", "-9223372036854775808", "2147483648", "1e309", "-0", "NaN", "Infinity",
            "0.0000000000000000000000000000001s", "25d", "577h", "24d",
        ];
        return ReplaceOneToken(numbers[_random.Next(numbers.Length)]);
    }

    /// <summary>Random characters: printable, YAML punctuation, controls, surrogates (paired or not) and bidi marks.</summary>
    public string RandomText(int length)
    {
        var text = new StringBuilder(length);
        const string yamlish = ":-[]{},&*!|>'\"%@`#? \n  ";
        for (var i = 0; i < length; i++)
        {
            text.Append(_random.Next(6) switch
            {
                0 => (char)_random.Next(0, 0x20),
                1 => (char)_random.Next(0x7f, 0xa0),
                2 => (char)_random.Next(0xd800, 0xe000),
                3 => (char)_random.Next(0x2000, 0x2070),
                4 => yamlish[_random.Next(yamlish.Length)],
                _ => (char)_random.Next(0x20, 0x7f),
            });
        }
        return text.ToString();
    }

    /// <summary>The sample with 1 to 6 token edits: delete, duplicate, move, control characters, or a value of another type.</summary>
    public string Mutated()
    {
        var tokens = _tokens.ToList();
        var edits = _random.Next(1, 7);
        for (var e = 0; e < edits && tokens.Count > 0; e++)
        {
            var at = _random.Next(tokens.Count);
            switch (_random.Next(5))
            {
                case 0: tokens.RemoveAt(at); break;
                case 1: tokens.Insert(at, tokens[at]); break;
                case 2: tokens[at] = _tokens[_random.Next(_tokens.Length)]; break;
                case 3: tokens[at] = tokens[at] + ControlChars[_random.Next(ControlChars.Length)]; break;
                default: tokens[at] = Replacements[_random.Next(Replacements.Length)]; break;
            }
        }
        return string.Concat(tokens);
    }

    /// <summary>
    /// Nested aliases, each level a list of <paramref name="fanOut"/> aliases of the one before, so the expanded
    /// document has fanOut^levels nodes; placed where the loader walks it (routes, clusters, a merge key) or off to the side.
    /// </summary>
    public string AliasBomb(int fanOut, int levels)
    {
        var text = new StringBuilder("x0: &a0 [lol, lol]\n");
        for (var level = 1; level <= levels; level++)
        {
            text.Append($"x{level}: &a{level} [").AppendJoin(", ", Enumerable.Repeat($"*a{level - 1}", fanOut)).Append("]\n");
        }
        var top = $"*a{levels}";
        text.Append(_random.Next(4) switch
        {
            0 => $"routes: {top}\n",
            1 => $"clusters: {{ web: {{ destinations: {top} }} }}\n",
            2 => $"m: &m {{ k: {top} }}\nfairness: {{ <<: *m }}\n",
            _ => $"alerts: {{ escalation: [{top}, {top}] }}\n",
        });
        return text.ToString();
    }

    private string ReplaceOneToken(string replacement)
    {
        var valueTokens = _tokens.Select((t, i) => (t, i)).Where(x => x.t.Trim().Length > 0 && char.IsLetterOrDigit(x.t[0])).ToArray();
        var at = valueTokens[_random.Next(valueTokens.Length)].i;
        return string.Concat(_tokens.Take(at)) + replacement + string.Concat(_tokens.Skip(at + 1));
    }

    /// <summary>Words (with the characters of URLs and durations), runs of spaces, and single punctuation marks.</summary>
    [GeneratedRegex(@"[A-Za-z0-9_.:/*{}\-]+|[ \t]+|\r?\n|.", RegexOptions.Singleline)]
    private static partial Regex TokenPattern();
}
