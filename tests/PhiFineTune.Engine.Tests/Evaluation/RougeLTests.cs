using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Engine.Tests.Evaluation;

/// <summary>
/// RougeL against rouge_score's _score_lcs and default tokenizer (google-research/google-research, rouge/rouge_scorer.py
/// and rouge/tokenize.py). The "testing one two" cases are that package's testRougeLConsecutive, testRougeLNonConsecutive
/// and testRougeEmpty (rouge/rouge_scorer_test.py); the long pairs are its testRougeLAgainstRouge155, the first two lines
/// of rouge/testdata/target.txt and prediction.txt, scored by the original ROUGE-1.5.5 Perl script.
/// </summary>
public sealed class RougeLTests
{
    const string Target0 = "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n";
    const string Prediction0 = "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n";
    const string Target1 = "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n";
    const string Prediction1 = "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n";

    [Theory]
    // The package's own cases: a prefix, and a subsequence that is not contiguous ("testing two" in "testing one two").
    [InlineData("testing one", "testing one two", 1.0, 2.0 / 3, 0.8)]
    [InlineData("testing two", "testing one two", 1.0, 2.0 / 3, 0.8)]
    [InlineData("", "testing one two", 0.0, 0.0, 0.0)]
    // Its _lcs_table case: [2, 5, 3, 4] against [1, 2, 3, 4, 5] has an LCS of 3 (2, 3, 4), p = 3/4, r = 3/5.
    [InlineData("w2 w5 w3 w4", "w1 w2 w3 w4 w5", 0.75, 0.6, 0.6666666666666665)]
    // No stemming: "killed" is not "kill". Order counts: "the gunman kill police" shares only two in order.
    [InlineData("police killed the gunman", "police kill the gunman", 0.75, 0.75, 0.75)]
    [InlineData("the gunman kill police", "police kill the gunman", 0.5, 0.5, 0.5)]
    // docs/evaluation.md's worked example: "password a minute", 3 of 7 and of 6; F = 6/13 as the script rounds it.
    [InlineData("Your password is reset in a minute.", "The password resets within a minute.", 3.0 / 7, 0.5, 0.4615384615384615)]
    // Repeated tokens: one "the" in common.
    [InlineData("the the the", "the", 1.0 / 3, 1.0, 0.5)]
    // Articles count here (this is not the SQuAD normalisation): "cat sat" "on" "mat", 4 of 6.
    [InlineData("The cat sat on the mat.", "A cat sat on a mat!", 2.0 / 3, 2.0 / 3, 2.0 / 3)]
    // Empty after tokenizing, on either side or both: all 0.
    [InlineData("/", "w1 w2 w3 w4 w5", 0.0, 0.0, 0.0)]
    [InlineData("testing", "", 0.0, 0.0, 0.0)]
    [InlineData("", "", 0.0, 0.0, 0.0)]
    [InlineData("no common words", "entirely different text", 0.0, 0.0, 0.0)]
    public void Scores_as_rouge_score(string prediction, string reference, double precision, double recall, double fmeasure) =>
        Assert.Equal(new RougeLScore(precision, recall, fmeasure), RougeL.Score(prediction, reference));

    [Theory]
    [InlineData(Prediction0, Target0, 0.68750, 0.40741, 0.51163)]
    [InlineData(Prediction1, Target1, 0.65385, 0.40476, 0.50000)]
    public void Agrees_with_rouge_155_to_five_places(string prediction, string reference, double precision, double recall, double fmeasure)
    {
        var score = RougeL.Score(prediction, reference);
        Assert.Equal(precision, score.Precision, 5);
        Assert.Equal(recall, score.Recall, 5);
        Assert.Equal(fmeasure, score.FMeasure, 5);
    }

    [Theory]
    [InlineData("Hello, World 42!", new[] { "hello", "world", "42" })]
    // Everything but a-z and 0-9 separates: é and ï split words, an apostrophe too.
    [InlineData("Café", new[] { "caf" })]
    [InlineData("naïve", new[] { "na", "ve" })]
    [InlineData("ÀB", new[] { "b" })]
    [InlineData("don't", new[] { "don", "t" })]
    // lower() of the Kelvin sign is k; of İ, i and a combining dot, which ends the token.
    [InlineData("\u212Aelvin", new[] { "kelvin" })]
    [InlineData("\u0130s", new[] { "i", "s" })]
    [InlineData("", new string[0])]
    [InlineData(" / ", new string[0])]
    public void Tokenizes_as_rouge_score(string text, string[] expected) =>
        Assert.Equal(expected, RougeL.Tokenize(text));

    [Fact]
    public void A_lone_surrogate_separates_tokens() =>
        // Python's str holds it as a code point outside a-z and 0-9, so the regular expression makes it a space.
        Assert.Equal(new[] { "ab", "cd" }, RougeL.Tokenize("ab\uD800cd"));
}
