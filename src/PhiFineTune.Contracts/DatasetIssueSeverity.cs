namespace PhiFineTune;

public enum DatasetIssueSeverity
{
    Error,
    Warning,
}
