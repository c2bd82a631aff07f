namespace Crema.Core.Advisor;

/// <summary>The data directory's drive: total and free bytes.</summary>
public sealed record AdvisorDisk(string Path, long TotalBytes, long FreeBytes);
