using System.Buffers;
using System.Globalization;
using System.Text;

namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// The pieces of Python 3's str semantics that the reference scoring scripts rely on, one code point at a time as
/// Python sees a string: <c>str.lower()</c>, <c>str.isspace()</c> (what <c>str.split()</c> splits on) and the word
/// characters of <c>re</c>'s <c>\b</c>.
/// </summary>
internal static class PythonText
{
    const int CapitalIWithDotAbove = 0x0130;

    /// <summary>
    /// The next code point of <paramref name="text"/> at <paramref name="index"/> and how many chars it takes; a lone
    /// surrogate, which a Python str can hold too, is returned as itself (invalid).
    /// </summary>
    public static (Rune Rune, int Length, bool Valid) Next(ReadOnlySpan<char> text, int index)
    {
        var status = Rune.DecodeFromUtf16(text[index..], out var rune, out var length);
        return (rune, length, status == OperationStatus.Done);
    }

    /// <summary>
    /// Writes Python's <c>lower()</c> of one code point to <paramref name="destination"/> and returns the chars written
    /// (1 or 2). .NET's invariant lower case is Unicode's simple mapping, which Python follows but for U+0130 (İ), whose
    /// full mapping is i followed by U+0307 (combining dot above); the invariant mapping leaves İ as it is.
    /// </summary>
    public static int WriteLower(Rune rune, Span<char> destination)
    {
        if (rune.Value == CapitalIWithDotAbove)
        {
            destination[0] = 'i';
            destination[1] = '\u0307';
            return 2;
        }
        return Rune.ToLowerInvariant(rune).EncodeToUtf16(destination);
    }

    /// <summary>
    /// Python's <c>str.isspace()</c> for one code point: .NET's white space and, in addition, U+001C to U+001F (the
    /// information separators, which Python counts as white space for their bidirectional class).
    /// </summary>
    public static bool IsSpace(Rune rune) => Rune.IsWhiteSpace(rune) || rune.Value is >= 0x1C and <= 0x1F;

    /// <summary>
    /// A word character of Python's <c>re</c> on a str pattern (<c>\w</c>, which <c>\b</c> is the edge of): a letter
    /// (Lu, Ll, Lt, Lm, Lo), a number (Nd, Nl, No) or the underscore. Combining marks are not word characters.
    /// </summary>
    public static bool IsWordCharacter(Rune rune) => rune.Value == '_' || Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
}
