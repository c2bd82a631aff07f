namespace Crema.Server.RemoteWrite;

/// <summary>One label of a remote-write series.</summary>
public readonly record struct RemoteLabel(string Name, string Value);
