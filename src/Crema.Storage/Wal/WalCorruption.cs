namespace Crema.Storage.Wal;

/// <summary>A bad record found by replay: where, why, and whether the file was cut there.</summary>
public sealed record WalCorruption(int Segment, long Offset, string Reason, bool Truncated);
