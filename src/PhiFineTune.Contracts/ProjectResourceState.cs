namespace PhiFineTune;

/// <summary>What New-FineTuneProject does, or did, with one resource of a project.</summary>
public enum ProjectResourceState
{
    /// <summary>Missing: it will be created.</summary>
    WillCreate,
    /// <summary>Created by this run.</summary>
    Created,
    /// <summary>It existed and is used as it is.</summary>
    Reused,
}
