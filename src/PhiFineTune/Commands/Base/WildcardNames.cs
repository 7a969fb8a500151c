using System.Management.Automation;

namespace PhiFineTune.Commands.Base;

/// <summary>Name matching with PowerShell's own wildcards, for the Engine's look-ups that take a name test.</summary>
internal static class WildcardNames
{
    /// <summary>
    /// A test that accepts a name matching any of <paramref name="patterns"/> (trimmed, ignoring case; blank ones are
    /// dropped), or null, meaning every name, when none is left. A pattern that PowerShell cannot read (an unclosed
    /// [) matches nothing: the names matched here have no [ in them.
    /// </summary>
    public static Func<string, bool>? Matcher(IEnumerable<string>? patterns)
    {
        var wildcards = (patterns ?? []).Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => new WildcardPattern(p.Trim(), WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant))
            .ToList();
        return wildcards.Count == 0 ? null : name => wildcards.Any(w => IsMatch(w, name));
    }

    static bool IsMatch(WildcardPattern pattern, string name)
    {
        try
        {
            return pattern.IsMatch(name);
        }
        catch (WildcardPatternException)
        {
            return false;
        }
    }
}
