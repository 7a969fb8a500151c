namespace PhiFineTune.Engine.Connection;

/// <summary>
/// An emulator endpoint and the only certificate (by SHA-256 thumbprint) trusted for it. BlobEndpoint is the
/// blob service behind its datastores (contract D.2: a datastore names only a DNS suffix, so it is overridden).
/// </summary>
public sealed record EmulatorEndpoint(Uri Endpoint, string CertificateThumbprintSha256, Uri? BlobEndpoint = null);
