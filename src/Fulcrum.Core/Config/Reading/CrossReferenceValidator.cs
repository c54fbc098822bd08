using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Checks that span sections: every route's cluster and every escalation tier's receivers must be
/// defined. Runs after all sections are read, against the names written in the file (a cluster with
/// errors of its own still counts as defined, so one mistake is not reported twice).
/// </summary>
internal static class CrossReferenceValidator
{
    /// <summary>How many defined names (and characters of them) a message lists; with thousands of clusters the full list would bury the error.</summary>
    private const int ListedNames = 20;
    private const int ListedChars = 600;

    public static void Validate(ReadContext ctx)
    {
        var definedSets = ctx.DefinedNames.ToDictionary(d => d.Key, d => d.Value.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var reference in ctx.References)
        {
            var defined = ctx.DefinedNames.TryGetValue(reference.DefinedIn, out var names) ? names : [];
            if (definedSets.TryGetValue(reference.DefinedIn, out var set) && set.Contains(reference.Name))
            {
                continue;
            }
            // Past the error limit the error is only counted: skip the costly "did you mean" search.
            var close = ctx.IsFull ? null : KeySuggestions.Closest(reference.Name, defined);
            var hint = close is null ? "" : $"did you mean {SafeText.Quote(close)}? ";
            var list = defined.Count == 0 ? $"(none: define them under {reference.DefinedIn})" : List(defined);
            ctx.Error(reference.At, reference.Path, $"{reference.Usage}, which is not defined; {hint}defined under {reference.DefinedIn}: {list}");
        }
    }

    private static string List(List<string> names)
    {
        var shown = 0;
        var chars = 0;
        while (shown < names.Count && shown < ListedNames && chars + names[shown].Length <= ListedChars)
        {
            chars += names[shown].Length + 2;
            shown++;
        }
        shown = Math.Max(shown, 1);
        var list = string.Join(", ", names.Take(shown));
        return shown == names.Count ? list : $"{list} and {names.Count - shown} more";
    }
}
