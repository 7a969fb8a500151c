using System.Collections;
using System.Globalization;
using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Deployments;

namespace PhiFineTune.Commands;

/// <summary>
/// Sends a chat to a deployed fine-tuned model and returns its reply with the finish reason and token usage. The
/// deployment's key is fetched for the call and never shown, logged or returned.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "FineTunedModel", DefaultParameterSetName = NameSet)]
[OutputType(typeof(FineTunedModelReply))]
public sealed class InvokeFineTunedModelCommand : FineTuneConnectedCmdlet
{
    const string DeploymentSet = "Deployment";
    const string NameSet = "Name";

    [Parameter(ParameterSetName = DeploymentSet, Mandatory = true, ValueFromPipeline = true)]
    public FineTunedModelDeployment? Deployment { get; set; }

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0)]
    [Alias("DeploymentName")]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>A user message, sent after -SystemMessage and -Messages.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Message { get; set; }

    /// <summary>Earlier messages: hashtables or objects with role and content.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? Messages { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SystemMessage { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int MaxTokens { get; set; }

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Temperature { get; set; }

    protected override void ProcessRecordCore()
    {
        var messages = Conversation();
        var options = new ChatOptions(
            IsBound(nameof(MaxTokens)) ? MaxTokens : null,
            IsBound(nameof(Temperature)) ? Temperature : null);
        var deployment = Deployment;
        var connection = deployment?.Connection ?? ResolveConnection();
        WriteObject(Run(async (observer, token) =>
        {
            // A piped deployment may have been read while it was still Creating: read it again when not ready.
            var current = deployment is { ProvisioningState: FineTunedModelDeploymentState.Succeeded, ScoringUri: not null }
                ? deployment
                : await ServerlessEndpoints.GetAsync(connection, deployment?.Name ?? Name!, false, token).ConfigureAwait(false);
            return await FineTunedModelChat.InvokeAsync(current, messages, options, observer, token).ConfigureAwait(false);
        }));
    }

    List<ChatMessage> Conversation()
    {
        var messages = new List<ChatMessage>();
        if (SystemMessage is not null) messages.Add(new ChatMessage("system", SystemMessage));
        foreach (var item in Messages ?? []) messages.Add(ToMessage(item));
        if (Message is not null) messages.Add(new ChatMessage("user", Message));
        if (messages.All(m => m.Role == "system"))
        {
            Terminate(new FineTuneException("NoMessage", FailureKind.InvalidArgument,
                "There is nothing to send: give -Message, or -Messages with at least one user message.", null,
                "Add -Message 'your question'."));
        }
        return messages;
    }

    ChatMessage ToMessage(object item)
    {
        var value = item is PSObject ps ? ps.BaseObject : item;
        string? role = null, content = null;
        switch (value)
        {
            case ChatMessage message:
                return message;
            case IDictionary dictionary:
                role = Text(dictionary["role"]);
                content = Text(dictionary["content"]);
                break;
            default:
                var wrapped = PSObject.AsPSObject(item);
                role = Text(wrapped.Properties["role"]?.Value);
                content = Text(wrapped.Properties["content"]?.Value);
                break;
        }
        role = role?.ToLowerInvariant();
        if (role is not ("system" or "user" or "assistant") || content is null)
        {
            Terminate(new FineTuneException("InvalidMessage", FailureKind.InvalidArgument,
                $"A message of -Messages needs a role (system, user or assistant) and a content; got role '{role}'" +
                (content is null ? " and no content." : "."), item,
                "Pass messages such as @{ role = 'user'; content = 'Hello' }."));
        }
        return new ChatMessage(role!, content!);
    }

    static string? Text(object? value) =>
        value is null ? null : Convert.ToString(value is PSObject ps ? ps.BaseObject : value, CultureInfo.InvariantCulture);
}
