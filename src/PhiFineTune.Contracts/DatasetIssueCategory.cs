namespace PhiFineTune;

/// <summary>Stable categories of dataset problems; each is the ErrorId of its error record.</summary>
public enum DatasetIssueCategory
{
    // Errors: the service would reject the file or the example.
    FileNotFound,
    FileTooLarge,
    TooFewExamples,
    InvalidUtf8,
    BlankLine,
    InvalidJson,
    NotAnObject,
    MissingMessages,
    MessagesNotArray,
    EmptyMessages,
    MessageNotAnObject,
    MissingRole,
    UnknownRole,
    ToolRoleNotSupported,
    MissingContent,
    InvalidContent,
    EmptyContent,
    InvalidWeight,
    WeightOnNonAssistantMessage,
    MissingAssistantMessage,
    LastMessageNotAssistant,
    // Warnings: the file is accepted, but probably not as meant.
    UnknownKey,
    MissingSystemMessage,
    DuplicateExample,
    ExceedsContextLength,
}
