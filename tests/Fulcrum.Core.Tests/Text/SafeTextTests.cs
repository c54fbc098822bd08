using Fulcrum.Core.Text;

namespace Fulcrum.Core.Tests.Text;

public class SafeTextTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("", "''")]
    [InlineData("a\u001b[2Jb", @"'a\x1b[2Jb'")]
    [InlineData("bell\u0007 del\u007f csi\u009b", @"'bell\x07 del\x7f csi\x9b'")]
    [InlineData("tab\tnl\ncr\r", @"'tab\tnl\ncr\r'")]
    [InlineData("evil\u202Efdp.exe", @"'evil\u202efdp.exe'")]
    [InlineData("iso\u2066late\u2069 zw\u200b bom\ufeff ls\u2028", @"'iso\u2066late\u2069 zw\u200b bom\ufeff ls\u2028'")]
    [InlineData("tag\U000E0041", @"'tag\U000e0041'")]
    [InlineData("café ünïcode 名前", "'café ünïcode 名前'")]
    [InlineData(@"already\x1b", @"'already\x1b'")]
    public void Quote_escapes_what_a_terminal_would_act_on_and_keeps_the_rest(string value, string expected)
    {
        Assert.Equal(expected, SafeText.Quote(value));
    }

    [Fact]
    public void Unpaired_surrogates_are_escaped_and_pairs_kept()
    {
        // Not an [InlineData]: attribute strings cannot hold a lone surrogate.
        Assert.Equal(@"'lone\ud800 pair😀 low\udc00'", SafeText.Quote("lone\ud800 pair\ud83d\ude00 low\udc00"));
    }

    [Fact]
    public void Quote_cuts_a_long_value_and_marks_its_length_and_hash()
    {
        var value = new string('v', 10 * 1024 * 1024);

        var quoted = SafeText.Quote(value);

        Assert.StartsWith("'" + new string('v', 120) + "…' (10485760 chars, sha256 ", quoted, StringComparison.Ordinal);
        Assert.Matches(@"sha256 [0-9a-f]{12}\)$", quoted);
        Assert.NotEqual(quoted, SafeText.Quote(value[..^1] + "w")); // same start, different value: the hash tells them apart
    }

    [Fact]
    public void Quote_does_not_split_a_surrogate_pair_when_cutting()
    {
        var value = new string('a', 9) + "😀" + new string('b', 50);

        var quoted = SafeText.Quote(value, max: 10);

        Assert.StartsWith("'aaaaaaaaa…'", quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void Quote_can_use_another_mark()
    {
        Assert.Equal("\"x\\x1b\"", SafeText.Quote("x\u001b", mark: '"'));
    }

    [Fact]
    public void Escape_is_idempotent_and_returns_safe_text_unchanged()
    {
        const string safe = "clusters.web: 'x' is not allowed";

        Assert.Same(safe, SafeText.Escape(safe));
        var once = SafeText.Escape("a\u001bb\u202e");
        Assert.Equal(once, SafeText.Escape(once));
    }

    [Fact]
    public void Bound_escapes_and_cuts_with_the_length()
    {
        Assert.Equal(@"ab\x1b", SafeText.Bound("ab\u001b", 10));
        Assert.Equal("aaaaa… (cut; 100 chars)", SafeText.Bound(new string('a', 100), 5));
    }
}
