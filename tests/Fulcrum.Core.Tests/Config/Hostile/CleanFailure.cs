using System.Globalization;
using System.Text;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config.Hostile;

/// <summary>What "fails cleanly" means for hostile input, checked the same way for configs and scenarios.</summary>
internal static class CleanFailure
{
    /// <summary>Generous: a parse takes milliseconds; this only catches runaway work, not slowness.</summary>
    public static readonly TimeSpan PerCase = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="parse"/> on a worker thread and asserts it finishes within <see cref="PerCase"/> either
    /// successfully or with a <see cref="ConfigException"/> whose every error is located (line and column ≥ 1),
    /// bounded and free of raw control characters. Any other exception fails the test, naming the case.
    /// </summary>
    public static void Assert(Action parse, string what)
    {
        var run = Task.Run(() =>
        {
            try
            {
                parse();
                return null;
            }
            catch (ConfigException ex)
            {
                return ex;
            }
        });
        try
        {
            Xunit.Assert.True(run.Wait(PerCase), $"{what}: did not finish within {PerCase.TotalSeconds} s");
        }
        catch (AggregateException ex)
        {
            var inner = ex.InnerException!;
            Xunit.Assert.Fail($"{what}: {inner.GetType().Name} escaped: {Printable(inner.Message)}\n{inner.StackTrace}");
        }
        if (run.Result is not { } failure)
        {
            return;
        }
        Xunit.Assert.NotEmpty(failure.Errors);
        foreach (var error in failure.Errors)
        {
            Xunit.Assert.True(error.Location.Line >= 1 && error.Location.Column >= 1, $"{what}: unlocated error {Printable(error.ToString())}");
            Xunit.Assert.True(error.Message.Length > 0, $"{what}: empty message");
            Xunit.Assert.True(error.Message.Length <= ConfigError.MaxMessageLength + 64, $"{what}: message of {error.Message.Length} chars");
            Xunit.Assert.True(error.Field.Length <= ConfigError.MaxFieldLength + 64, $"{what}: field of {error.Field.Length} chars");
            Xunit.Assert.False(HasRawControl(error.Message), $"{what}: raw control character in {Printable(error.Message)}");
            Xunit.Assert.False(HasRawControl(error.Field), $"{what}: raw control character in field {Printable(error.Field)}");
        }
        // The exception's own message joins the errors with newlines; nothing else in it may be a control character.
        Xunit.Assert.False(HasRawControl(failure.Message.Replace(Environment.NewLine, "", StringComparison.Ordinal)), $"{what}: raw control character in the exception message");
    }

    /// <summary>A control (C0, DEL, C1), format (bidi, zero-width) or separator character, or an unpaired surrogate.</summary>
    public static bool HasRawControl(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                i++;
                continue;
            }
            var c = text[i];
            if (char.IsControl(c) || char.IsSurrogate(c)
                || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A test failure message that is itself safe to print, whatever the case held.</summary>
    private static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > 500 ? text[..500] : text)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return builder.ToString();
    }
}
