namespace PhiFineTune.Engine.Projects;

/// <summary>
/// What New-FineTuneProject will do, computed with reads only (GETs and name checks) before anything is created:
/// each resource, in creation order, marked WillCreate or Reused.
/// </summary>
public sealed class ProjectPlan
{
    internal ProjectPlan(ProjectRequest request, string location, IReadOnlyList<FineTuneProjectResource> resources,
        string? aiServicesEndpoint)
    {
        Request = request;
        Location = location;
        Resources = resources;
        AIServicesEndpoint = aiServicesEndpoint;
    }

    public ProjectRequest Request { get; }
    /// <summary>The ARM name of the region.</summary>
    public string Location { get; }
    public IReadOnlyList<FineTuneProjectResource> Resources { get; }
    public bool NothingToCreate => Resources.All(r => r.State == ProjectResourceState.Reused);

    /// <summary>The endpoint of the AI Services account when it exists already.</summary>
    internal string? AIServicesEndpoint { get; }

    internal FineTuneProjectResource Resource(string resourceType, int index = 0) =>
        Resources.Where(r => r.ResourceType == resourceType).ElementAt(index);
}
