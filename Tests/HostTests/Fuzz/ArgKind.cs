namespace Veridian.Tests.Fuzz
{
    /// <summary>What an argument is drawn from. Resolved against the world when the step runs, so a shrunk sequence still means something.</summary>
    public enum ArgKind
    {
        Raw,
        ValidToken,
        ForeignToken,
        StaleToken,
        ForgedToken,
        EndpointId,
        ChannelId,
        ProcessId,
        ThreadId,
        ReplyToken,
        SendArea,
        ReceiveArea,
        OutArea,
        MappedAddress,
        AcrossMappingEnd,
        Unmapped,
        KernelHalf,
        NonCanonical,
        UserTop,
        ValidImage,
        CorruptImage,
        CodeAddress,
        StackAddress,
        // Well-formed values, so calls get past decoding:
        Length,
        Timeout,
        Protection,
        MapFlags,
        RightsMask,
        EndpointToken,
        /// <summary>The id of the endpoint the EndpointToken with the same pick names.</summary>
        HeldEndpointId,
        /// <summary>A channel with the endpoint of the EndpointToken with the same pick as one end.</summary>
        ChannelOfHeld,
        ObjectKind,
        Zero,
    }
}
