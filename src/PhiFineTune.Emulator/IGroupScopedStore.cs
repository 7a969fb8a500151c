namespace PhiFineTune.Emulator;

/// <summary>
/// A store that holds resources inside resource groups. A resource group delete (contract K.5) calls
/// <see cref="RemoveGroup"/> on every store added with <see cref="EmulatorState.AddGroupScopedStore"/>, under the state's lock.
/// </summary>
public interface IGroupScopedStore
{
    /// <summary>Removes everything the store holds in the group (names match case-insensitively); called under the lock.</summary>
    void RemoveGroup(string resourceGroup);
}
