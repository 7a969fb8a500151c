using System.Net;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Contract C ordering and codes: auth, api-version, then 404 lookups.</summary>
public sealed class ErrorTests : EmulatorTestBase
{
    public ErrorTests(EmulatorFixture fixture) : base(fixture) { }

    private async Task<HttpResponseMessage> Send(string path, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var noAuth = Emulator.CreateClient(bearer: null);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return await noAuth.SendAsync(request);
    }

    [Fact]
    public async Task Missing_authorization_is_401_AuthenticationFailed_with_WWW_Authenticate()
    {
        // Also missing api-version: authentication is checked first.
        using var response = await Send($"subscriptions/{Sub}/providers/Microsoft.Network", null);
        var message = await AssertArmError(response, HttpStatusCode.Unauthorized, "AuthenticationFailed");
        Assert.Equal("Authentication failed. The 'Authorization' header is missing.", message);
        var challenge = string.Join(",", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Contains("Bearer authorization_uri=\"https://login.microsoftonline.com/common\"", challenge);
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.Contains("error_description=\"The authentication failed because of missing 'Authorization' header.\"", challenge);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("token-without-scheme")]
    public async Task Malformed_authorization_is_401_InvalidAuthenticationToken(string header)
    {
        using var response = await Send(ProviderPath("Microsoft.Network"), header);
        await AssertArmError(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }

    [Fact]
    public async Task Any_non_empty_bearer_token_is_accepted()
    {
        using var response = await Send(ProviderPath("Microsoft.Network"), "Bearer eyJ0eXAiOiJKV1QifQ.x.y");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Missing_api_version_is_400_MissingApiVersionParameter()
    {
        // Also unknown subscription: api-version is checked before the 404 lookups.
        using var response = await Client.GetAsync("subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Network");
        var message = await AssertArmError(response, HttpStatusCode.BadRequest, "MissingApiVersionParameter");
        Assert.Equal("The api-version query parameter (?api-version=) is required for all requests.", message);
    }

    [Fact]
    public async Task Unsupported_api_version_is_400_InvalidApiVersionParameter_naming_supported_versions()
    {
        using var providers = await Client.GetAsync(ProviderPath("Microsoft.Network", "api-version=2015-01-01"));
        var message = await AssertArmError(providers, HttpStatusCode.BadRequest, "InvalidApiVersionParameter");
        Assert.Contains("2015-01-01", message);
        Assert.Contains("2022-09-01", message);
        Assert.Contains("2025-04-01", message);

        // The providers api-version is not a workspaces api-version.
        using var workspace = await Client.GetAsync(WorkspacePath(Project, query: ProvidersApi));
        var wsMessage = await AssertArmError(workspace, HttpStatusCode.BadRequest, "InvalidApiVersionParameter");
        Assert.Contains("2025-01-01-preview", wsMessage);
    }

    [Fact]
    public async Task Unknown_subscription_is_404_SubscriptionNotFound()
    {
        const string other = "11111111-2222-3333-4444-555555555555";
        using var providers = await Client.GetAsync($"subscriptions/{other}/providers?{ProvidersApi}");
        Assert.Equal($"The subscription '{other}' could not be found.",
            await AssertArmError(providers, HttpStatusCode.NotFound, "SubscriptionNotFound"));

        using var workspace = await Client.GetAsync(WorkspacePath(Project, sub: other));
        await AssertArmError(workspace, HttpStatusCode.NotFound, "SubscriptionNotFound");
    }

    [Fact]
    public async Task Unknown_resource_group_is_404_ResourceGroupNotFound()
    {
        using var response = await Client.GetAsync(WorkspacePath(Project, rg: "rg-other"));
        Assert.Equal("Resource group 'rg-other' could not be found.",
            await AssertArmError(response, HttpStatusCode.NotFound, "ResourceGroupNotFound"));
    }

    [Fact]
    public async Task Unknown_workspace_is_404_ResourceNotFound()
    {
        using var response = await Client.GetAsync(WorkspacePath("no-such-ws"));
        Assert.Equal("The Resource 'Microsoft.MachineLearningServices/workspaces/no-such-ws' under resource group 'rg-phi-finetune' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
            await AssertArmError(response, HttpStatusCode.NotFound, "ResourceNotFound"));
    }

    [Fact]
    public async Task Workspace_lookup_is_case_insensitive_and_echoes_canonical_casing()
    {
        var ws = await GetJson(WorkspacePath("PHI-Project", rg: "RG-PHI-FINETUNE"));
        Assert.Equal(Project, (string)ws["name"]!);
        Assert.Equal(WorkspaceId(Project), (string)ws["id"]!);
    }

    [Fact]
    public async Task Unknown_namespace_is_404_InvalidResourceNamespace()
    {
        using var get = await Client.GetAsync(ProviderPath("Microsoft.Nope"));
        Assert.Equal("The resource namespace 'Microsoft.Nope' is invalid.",
            await AssertArmError(get, HttpStatusCode.NotFound, "InvalidResourceNamespace"));
        using var register = await Client.PostAsync(ProviderPath("Microsoft.Nope/register"), null);
        await AssertArmError(register, HttpStatusCode.NotFound, "InvalidResourceNamespace");
    }

    [Fact]
    public async Task Unknown_route_is_404_with_an_ARM_error_body()
    {
        using var response = await Client.GetAsync($"subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.Nope/things/x?{ProvidersApi}");
        await AssertArmError(response, HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task Malformed_register_body_is_400()
    {
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(ProviderPath("Microsoft.Network/register"), content);
        await AssertArmError(response, HttpStatusCode.BadRequest, "InvalidRequestContent");
    }
}
