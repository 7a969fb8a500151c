namespace PhiFineTune.Engine.Connection;

internal static class ConnectionExtensions
{
    /// <summary>The live clients of a connection the Engine made.</summary>
    public static ConnectionSession Clients(this FineTuneConnection connection) => (ConnectionSession)connection.Session;
}
