using PhiFineTune.Engine.Projects;

namespace PhiFineTune.Engine.Tests.Projects;

/// <summary>Whether the caller's roles include the Azure AI Developer role's actions (contracts B.10, K.4).</summary>
public sealed class RoleCheckTests
{
    // The Azure AI Developer actions as Microsoft Learn's built-in roles page lists them.
    static readonly RoleDefinition Developer = new(RoleCheck.AzureAIDeveloperId, "Azure AI Developer",
    [
        new RolePermission(
            ["Microsoft.Authorization/*/read", "Microsoft.CognitiveServices/*", "Microsoft.MachineLearningServices/workspaces/*/read",
             "Microsoft.MachineLearningServices/workspaces/*/action", "Microsoft.MachineLearningServices/workspaces/*/delete",
             "Microsoft.MachineLearningServices/workspaces/*/write", "Microsoft.Resources/deployments/*"],
            ["Microsoft.MachineLearningServices/workspaces/delete", "Microsoft.MachineLearningServices/workspaces/write"]),
    ]);

    static readonly RoleDefinition Reader = new("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", [new RolePermission(["*/read"], [])]);

    static RoleDefinition Custom(string[] actions, string[] notActions) =>
        new("11111111-2222-3333-4444-555555555555", "ML operator", [new RolePermission(actions, notActions)]);

    [Theory]
    [InlineData(RoleCheck.AzureAIDeveloperId)]
    [InlineData(RoleCheck.OwnerId)]
    [InlineData(RoleCheck.ContributorId)]
    [InlineData("B24988AC-6180-42A0-AB88-20F7382DD24C")]
    public void The_developer_role_and_Owner_and_Contributor_grant(string held) =>
        Assert.True(RoleCheck.Grants([held], []));

    [Fact]
    public void Reader_or_no_role_does_not_grant()
    {
        Assert.False(RoleCheck.Grants([Reader.Id], [Developer, Reader]));
        Assert.False(RoleCheck.Grants([], [Developer, Reader]));
    }

    [Fact]
    public void A_custom_role_whose_actions_cover_the_developer_role_grants()
    {
        var custom = Custom(["Microsoft.Authorization/*/read", "Microsoft.CognitiveServices/*", "Microsoft.MachineLearningServices/*",
            "Microsoft.Resources/*"], []);

        Assert.True(RoleCheck.Grants([custom.Id], [Developer, custom]));
    }

    [Fact]
    public void Roles_together_can_cover_the_developer_role()
    {
        var ml = Custom(["Microsoft.MachineLearningServices/*", "Microsoft.CognitiveServices/*", "Microsoft.Resources/deployments/*"], []);

        Assert.False(RoleCheck.Grants([ml.Id], [Developer, ml, Reader]));
        Assert.True(RoleCheck.Grants([ml.Id, Reader.Id], [Developer, ml, Reader]));
    }

    [Fact]
    public void A_custom_role_that_excludes_one_action_does_not_grant()
    {
        var custom = Custom(["*"], ["Microsoft.MachineLearningServices/workspaces/*/action"]);

        Assert.False(RoleCheck.Grants([custom.Id], [Developer, custom]));
    }

    [Fact]
    public void Without_the_developer_definition_only_the_known_roles_grant()
    {
        var custom = Custom(["*"], []);

        Assert.False(RoleCheck.Grants([custom.Id], [custom]));
    }

    [Theory]
    [InlineData("*", "Microsoft.Resources/deployments/*", true)]
    [InlineData("Microsoft.MachineLearningServices/*", "Microsoft.MachineLearningServices/workspaces/*/read", true)]
    [InlineData("microsoft.machinelearningservices/workspaces/*/read", "Microsoft.MachineLearningServices/workspaces/*/read", true)]
    [InlineData("*/read", "Microsoft.MachineLearningServices/workspaces/*/action", false)]
    [InlineData("Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/read", false)]
    [InlineData("Microsoft.Storage/*", "Microsoft.StorageSync/x/read", false)]
    public void Action_patterns_match_as_RBAC_reads_them(string pattern, string action, bool matches) =>
        Assert.Equal(matches, RoleCheck.Matches(pattern, action));

    [Fact]
    public void The_caller_is_read_from_the_token_claims_with_the_connection_tenant_as_fallback()
    {
        static string Part(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=')
            .Replace('+', '-').Replace('/', '_');
        var token = Part("{\"alg\":\"none\"}") + "." + Part("{\"oid\":\"e7a1c3b5-9d2f-4e6a-8b0c-2d4f6a8c0e13\"}") + ".x";

        Assert.Equal(new CallerIdentity("e7a1c3b5-9d2f-4e6a-8b0c-2d4f6a8c0e13", "contoso.onmicrosoft.com"),
            CallerIdentity.FromToken(token, "contoso.onmicrosoft.com"));
        Assert.Equal(new CallerIdentity(null, null), CallerIdentity.FromToken("not-a-jwt", null));
    }
}
