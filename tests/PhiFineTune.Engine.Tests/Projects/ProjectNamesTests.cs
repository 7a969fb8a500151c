using PhiFineTune.Engine.Projects;

namespace PhiFineTune.Engine.Tests.Projects;

/// <summary>The name rules and derived names of a project's resources (contracts K.1-K.3), and the region check (B.10).</summary>
public sealed class ProjectNamesTests
{
    const string Sub = "00000000-0000-0000-0000-000000000001";

    [Theory]
    [InlineData("abc")]
    [InlineData("phistorage01")]
    [InlineData("abcdefghijklmnopqrstuvwx")]
    public void Storage_account_names_of_3_to_24_lower_case_letters_and_digits_pass(string name) =>
        Assert.Equal(name, ProjectNames.StorageAccount(name));

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghijklmnopqrstuvwxy")]
    [InlineData("PhiStorage")]
    [InlineData("phi-storage")]
    public void Other_storage_account_names_fail_naming_the_parameter(string name)
    {
        var error = Assert.Throws<FineTuneException>(() => ProjectNames.StorageAccount(name));
        Assert.Equal("InvalidStorageAccountName", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.StartsWith($"-StorageAccountName '{name}' is not valid: a storage account name has 3-24 lower-case", error.Message);
    }

    [Theory]
    [InlineData("kv1", true)]
    [InlineData("kv-phi-hub", true)]
    [InlineData("abcdefghijklmnopqrstuvwx", true)]
    [InlineData("abcdefghijklmnopqrstuvwxy", false)]
    [InlineData("1kv", false)]
    [InlineData("kv-", false)]
    [InlineData("kv--phi", false)]
    [InlineData("kv_phi", false)]
    public void Key_vault_names_follow_the_spec_rule(string name, bool valid)
    {
        if (valid)
        {
            Assert.Equal(name, ProjectNames.KeyVault(name));
            return;
        }
        Assert.Equal("InvalidKeyVaultName", Assert.Throws<FineTuneException>(() => ProjectNames.KeyVault(name)).ErrorId);
    }

    [Theory]
    [InlineData("ai", true)]
    [InlineData("ais-phi-hub", true)]
    [InlineData("-ais", false)]
    [InlineData("ais-", false)]
    [InlineData("ais_phi", false)]
    [InlineData("ais.phi", false)]
    public void AI_Services_names_are_custom_subdomains(string name, bool valid)
    {
        if (valid)
        {
            Assert.Equal(name, ProjectNames.AIServices(name));
            return;
        }
        Assert.Equal("InvalidAIServicesName", Assert.Throws<FineTuneException>(() => ProjectNames.AIServices(name)).ErrorId);
    }

    [Theory]
    [InlineData("phi-hub")]
    [InlineData("A_Very-Long_Hub--Name-With-Many-Characters")]
    [InlineData("___")]
    public void Derived_names_pass_their_own_rules_and_are_the_same_on_every_run(string hub)
    {
        var storage = ProjectNames.DefaultStorageAccount(Sub, "rg-phi", hub);
        var vault = ProjectNames.DefaultKeyVault(Sub, "rg-phi", hub);
        var ai = ProjectNames.DefaultAIServices(Sub, "rg-phi", hub);

        Assert.Equal(storage, ProjectNames.StorageAccount(storage));
        Assert.Equal(vault, ProjectNames.KeyVault(vault));
        Assert.Equal(ai, ProjectNames.AIServices(ai));
        Assert.Equal(storage, ProjectNames.DefaultStorageAccount(Sub, "RG-PHI", hub));
        Assert.Equal(vault, ProjectNames.DefaultKeyVault(Sub, "rg-phi", hub));
    }

    [Fact]
    public void Derived_names_read_the_hub_and_differ_between_groups()
    {
        Assert.StartsWith("stphihub", ProjectNames.DefaultStorageAccount(Sub, "rg-a", "phi-hub"));
        Assert.StartsWith("kv-phi-hub-", ProjectNames.DefaultKeyVault(Sub, "rg-a", "phi-hub"));
        Assert.StartsWith("ais-phi-hub-", ProjectNames.DefaultAIServices(Sub, "rg-a", "phi-hub"));
        Assert.NotEqual(ProjectNames.DefaultStorageAccount(Sub, "rg-a", "phi-hub"), ProjectNames.DefaultStorageAccount(Sub, "rg-b", "phi-hub"));
    }

    [Theory]
    [InlineData("East US 2", null, "eastus2")]
    [InlineData("eastus2", "Phi-3-mini-4k-instruct", "eastus2")]
    [InlineData("West US 3", "Phi-4-mini-instruct", "westus3")]
    public void A_fine_tuning_region_passes_in_either_form(string location, string? model, string expected) =>
        Assert.Equal(expected, ProjectRegion.Check(location, model));

    [Fact]
    public void Another_region_fails_naming_every_fine_tuning_region()
    {
        var error = Assert.Throws<FineTuneException>(() => ProjectRegion.Check("West Europe", null));

        Assert.Equal("RegionNotForFineTuning", error.ErrorId);
        Assert.Equal("-Location 'West Europe' is not a region where any Phi base model can be fine-tuned; those regions " +
                     "are: eastus, eastus2, northcentralus, southcentralus, westus, westus3.", error.Message);
    }

    [Fact]
    public void A_Phi_3_model_names_East_US_2_only()
    {
        var error = Assert.Throws<FineTuneException>(() => ProjectRegion.Check("eastus", "phi-3-mini-4k-instruct"));

        Assert.Equal("-Location 'eastus' is not a region where Phi-3-mini-4k-instruct can be fine-tuned; those regions " +
                     "are: eastus2.", error.Message);
    }
}
