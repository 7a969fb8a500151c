using System.Reflection;
using System.Text.RegularExpressions;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Tests;

/// <summary>
/// The Engine's actions name no cmdlet (Verb-Noun) and the cmdlet layer's table adds the names: every action of ActionTexts has
/// its row, and every row is keyed on an action the Engine gives, so neither side can drift from the other unseen.
/// </summary>
public sealed class RecommendedActionsTests
{
    static readonly Regex s_cmdletName = new(@"\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b");

    static IEnumerable<string> ActionTextsConstants() =>
        typeof(ActionTexts).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

    public static TheoryData<string> EngineActions() => [.. ActionTextsConstants()];

    [Theory]
    [MemberData(nameof(EngineActions))]
    public void Every_action_the_cmdlets_word_reaches_users_with_a_cmdlet_name(string action)
    {
        Assert.DoesNotMatch(s_cmdletName, action);
        // The hyperparameter action is the end of "Correct -{parameter}...", worded by error id.
        var failure = action == ActionTexts.HyperparametersInCatalogue
            ? new FineTuneException("InvalidEpochs", FailureKind.InvalidArgument, "-Epochs: 0 is outside the range.", "Epochs", "Correct -Epochs" + action)
            : new FineTuneException("AnyFailure", FailureKind.InvalidOperation, "A failure.", null, action);
        Assert.Matches(s_cmdletName, RecommendedActions.For(failure));
    }

    [Fact]
    public void Every_row_of_the_table_is_keyed_on_an_action_the_Engine_gives()
    {
        var engine = ActionTextsConstants().Concat(Enum.GetValues<FailureKind>().Select(ErrorMapper.RecommendedActionFor)).ToHashSet();
        Assert.All(RecommendedActions.Actions, action => Assert.Contains(action, engine));
    }

    [Theory]
    [InlineData(ActionTexts.ListBaseModels, "Run Get-FineTuneBaseModel to list the models, or press Tab after -Name to complete one.")]
    [InlineData(ActionTexts.StartEmulatorAgain, "Run Start-FineTuneEmulator again.")]
    [InlineData(ActionTexts.CheckJobName, "Check the name with Get-FineTuneJob (no -Name lists the jobs).")]
    public void Users_read_the_texts_of_before_the_Engine_stopped_naming_cmdlets(string action, string shown) =>
        Assert.Equal(shown, RecommendedActions.For(new FineTuneException("AnyFailure", FailureKind.NotFound, "A failure.", null, action)));
}
