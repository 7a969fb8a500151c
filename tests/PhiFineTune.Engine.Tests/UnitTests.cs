using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Engine.Tests;

public sealed class UnitTests
{
    [Theory]
    [InlineData(400, FailureKind.InvalidArgument)]
    [InlineData(401, FailureKind.Authentication)]
    [InlineData(403, FailureKind.PermissionDenied)]
    [InlineData(404, FailureKind.NotFound)]
    [InlineData(409, FailureKind.Conflict)]
    [InlineData(429, FailureKind.Throttled)]
    [InlineData(500, FailureKind.ServiceUnavailable)]
    [InlineData(503, FailureKind.ServiceUnavailable)]
    public void Status_maps_to_one_failure_kind(int status, FailureKind kind) =>
        Assert.Equal(kind, ErrorMapper.KindOf(status));

    [Theory]
    [InlineData("5c6a1a34-3b1e-4e0b-9a3f-0d7c2f4e8b21", true)]
    [InlineData("5c6a1a34-3b1e-4e0b-9a3f-0d7c2f4e8b2", false)]
    [InlineData("{5c6a1a34-3b1e-4e0b-9a3f-0d7c2f4e8b21}", false)]
    [InlineData("", false)]
    public void Subscription_ids_are_GUIDs(string value, bool valid)
    {
        if (valid) Assert.Equal(value, AzureIds.SubscriptionId(value));
        else Assert.Equal("InvalidSubscriptionId", Assert.Throws<FineTuneException>(() => AzureIds.SubscriptionId(value)).ErrorId);
    }

    [Theory]
    [InlineData("rg-phi.finetune_(1)", true)]
    [InlineData("ends-with-dot.", false)]
    [InlineData("has space", false)]
    public void Resource_group_names_follow_ARM_rules(string value, bool valid) =>
        Assert.Equal(valid, Record.Exception(() => AzureIds.ResourceGroupName(value)) is null);

    [Theory]
    [InlineData("phi-project", true)]
    [InlineData("ab", false)]
    [InlineData("-starts-with-dash", false)]
    [InlineData("Microsoft.Network", false)]
    public void Workspace_names_follow_Azure_ML_rules(string value, bool valid) =>
        Assert.Equal(valid, Record.Exception(() => AzureIds.WorkspaceName(value)) is null);

    [Theory]
    [InlineData("Microsoft.Network", true)]
    [InlineData("Microsoft.MachineLearningServices", true)]
    [InlineData("Network", false)]
    [InlineData("Microsoft Network", false)]
    public void Provider_namespaces_are_dotted_names(string value, bool valid) =>
        Assert.Equal(valid, Record.Exception(() => AzureIds.ProviderNamespace(value)) is null);

    [Fact]
    public void Jwt_expiry_is_read_and_other_tokens_have_none()
    {
        var payload = Convert.ToBase64String("{\"exp\":1700000000,\"aud\":\"x\"}"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), SecureStringTokenCredential.JwtExpiry($"h.{payload}.s"));
        Assert.Null(SecureStringTokenCredential.JwtExpiry("opaque-token"));
        Assert.Null(SecureStringTokenCredential.JwtExpiry("a.!!!.c"));
    }

    [Fact]
    public async Task Launcher_names_a_missing_emulator()
    {
        var error = await Assert.ThrowsAsync<FineTuneException>(() => EmulatorLauncher.StartAsync(
            new EmulatorStartOptions { EmulatorDirectory = Path.GetTempPath() }, NullObserver.Instance, default));
        Assert.Equal("EmulatorNotFound", error.ErrorId);
        Assert.Contains(EmulatorLauncher.EmulatorAssembly, error.Message);
    }

    [Fact]
    public void Dotnet_host_is_found()
    {
        var host = EmulatorLauncher.DotnetHost();
        Assert.True(File.Exists(host));
        Assert.StartsWith("dotnet", Path.GetFileName(host));
    }
}
