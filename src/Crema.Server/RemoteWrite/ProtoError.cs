namespace Crema.Server.RemoteWrite;

/// <summary>Why the protobuf reader stopped; each value maps to one sentence in an error message.</summary>
internal enum ProtoError
{
    None = 0,
    TruncatedVarint,
    VarintTooLong,
    TruncatedFixed64,
    TruncatedFixed32,
    LengthPastEnd,
    InvalidWireType,
    InvalidFieldNumber,
    UnterminatedGroup,
    UnexpectedEndGroup,
    GroupTooDeep,
    WrongWireType,
}
