using Crema.Core.Metrics;

namespace Crema.Storage.Engine;

/// <summary>Where one series' section lies in a block file.</summary>
internal readonly record struct BlockIndexEntry(SeriesKey Key, int Resolution, long MinTime, long MaxTime, long Count, long Offset, int Length, uint Crc);
