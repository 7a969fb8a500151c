using System.Text.Json;
using PhiFineTune.Engine.Projects;

namespace PhiFineTune.Engine.Tests.Projects;

/// <summary>What Remove-FineTuneProject -IncludeHub deletes: only resources carrying createdBy=PhiFineTune.</summary>
public sealed class ProjectTagsTests
{
    [Theory]
    [InlineData("""{"tags":{"createdBy":"PhiFineTune"}}""", true)]
    [InlineData("""{"tags":{"CreatedBy":"phifinetune","team":"ml"}}""", true)]
    [InlineData("""{"tags":{"createdBy":"portal"}}""", false)]
    [InlineData("""{"tags":{}}""", false)]
    [InlineData("""{"tags":null}""", false)]
    [InlineData("""{}""", false)]
    public void Only_the_tag_marks_a_resource_as_ours(string resource, bool ours)
    {
        using var document = JsonDocument.Parse(resource);
        Assert.Equal(ours, ProjectTags.IsOurs(document.RootElement));
    }

    [Fact]
    public void The_tag_put_on_creation_is_the_one_looked_for()
    {
        using var document = JsonDocument.Parse(new System.Text.Json.Nodes.JsonObject { ["tags"] = ProjectTags.Tags() }.ToJsonString());
        Assert.True(ProjectTags.IsOurs(document.RootElement));
    }
}
