using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>A base model in the azureml registry: its newest version and its tags.</summary>
public sealed record RegistryModelSeed(string Name, int LatestVersion, string[] DeployRegions, JsonObject? ModelSpecificDefaults);
