using Azure.Core;

namespace PhiFineTune.Engine.Arm;

/// <summary>The options of the pipelines a connection builds (ClientOptions is abstract); ClientSetup fills them.</summary>
internal sealed class PipelineOptions : ClientOptions
{
}
