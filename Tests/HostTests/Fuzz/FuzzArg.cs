namespace Veridian.Tests.Fuzz
{
    /// <summary>One argument of a fuzz step: a kind, a pick among the candidates of that kind, and a raw value or offset.</summary>
    public struct FuzzArg
    {
        public ArgKind Kind;
        public int Pick;
        public ulong Raw;

        public override string ToString() => Kind == ArgKind.Raw ? $"0x{Raw:x}" : $"{Kind}[{Pick}]{(Raw != 0 ? $"+0x{Raw:x}" : "")}";
    }
}
