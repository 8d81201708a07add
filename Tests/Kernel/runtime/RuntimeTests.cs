using Veridian.Runtime;
using Veridian.Syscalls;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// The user runtime itself in ring 3: Main's arguments from the StartInfo, static
    /// initialisation, virtual and interface dispatch, strings built at run time, and the heap
    /// growing through SYS_MMAP beyond one chunk and giving memory back with SYS_MUNMAP.
    /// </summary>
    public static unsafe class RuntimeTests
    {
        private static readonly int[] s_table = { 3, 1, 4, 1, 5 };
        private static readonly Shape s_shape = new Square(3);
        private static int s_constructed = Counter();

        private static int Counter() => 17;

        private interface IArea { int Area(); }

        private abstract class Shape : IArea
        {
            public abstract int Area();
            public virtual int Sides => 0;
        }

        private sealed class Square : Shape
        {
            private readonly int _side;
            public Square(int side) { _side = side; }
            public override int Area() => _side * _side;
            public override int Sides => 4;
        }

        private sealed class Triangle : Shape
        {
            public override int Area() => 6;
            public override int Sides => 3;
        }

        public static int Main(string[] args)
        {
            Begin(args);
            Check(args.Length == 2 && args[0] == "test-runtime", "args[0] is the program's name");
            Check(Text.ParseDecimal(args[1], 0, args[1].Length) > 4096, "args[1] is the image size");
            Check(Process.CapabilityCount == 4, "four capabilities granted");
            Equal(14, (ulong)(s_table[0] + s_table[1] + s_table[2] + s_table[3] + s_table[4]), "preinitialised static array");
            Equal(17, (ulong)s_constructed, "static initialiser ran");
            Equal(9, (ulong)s_shape.Area(), "virtual call on a static object");

            var shapes = new Shape[] { new Square(2), new Triangle() };
            int total = 0, sides = 0;
            foreach (IArea a in shapes) total += a.Area();
            foreach (Shape s in shapes) sides += s.Sides;
            Equal(10, (ulong)total, "interface dispatch");
            Equal(7, (ulong)sides, "virtual dispatch");
            object o = shapes[1];
            Check(o is Triangle && !(o is Square) && o is IArea, "type tests");

            string built = Text.FromBytes("abc"u8);
            Check(built == "abc" && built.Length == 3, "string from bytes equals the literal");
            Check(Text.Substring("hello world", 6, 5) == "world", "substring");
            Check(Text.ContainsWord("quiet ring3test bench", "ring3test") && !Text.ContainsWord("ring3tests", "ring3test"), "whole words");
            Equal(12345, (ulong)Text.ParseDecimal("x12345", 1, 6), "decimal parse");
            Check(Decimal(907) == "907", "decimal text");

            Heap();
            return End();
        }

        private static void Heap()
        {
            ulong mappedBefore = UserHeap.ChunksMapped;
            // 64 blocks of 16 KiB = 1 MiB: more than the first 256 KiB chunk.
            var blocks = new byte[64][];
            for (int i = 0; i < blocks.Length; i++)
            {
                blocks[i] = new byte[16 * 1024];
                blocks[i][0] = (byte)i;
                blocks[i][16 * 1024 - 1] = (byte)i;
            }
            bool intact = true;
            for (int i = 0; i < blocks.Length; i++)
                intact &= blocks[i][0] == (byte)i && blocks[i][16 * 1024 - 1] == (byte)i;
            Check(intact, "heap blocks keep their contents");
            Check(UserHeap.ChunksMapped > mappedBefore, "the heap grew by mapping chunks");

            // One object bigger than a chunk gets a chunk of its own.
            var big = new byte[3 * 1024 * 1024];
            big[big.Length - 1] = 1;
            ulong unmappedBefore = UserHeap.ChunksUnmapped;
            Allocator.Free(big);
            Check(UserHeap.ChunksUnmapped > unmappedBefore, "freeing the big object gave its chunk back (munmap)");
            for (int i = 0; i < blocks.Length; i++) Allocator.Free(blocks[i]);
            Check(UserHeap.ChunksUnmapped >= unmappedBefore + 2, "empty chunks were given back");

            // Allocation-free loop: the same block comes back.
            var first = new ulong[8];
            void* address = Allocator.AddressOf(first);
            Allocator.Free(first);
            var second = new ulong[8];
            Check(Allocator.AddressOf(second) == address, "a freed block is reused");
            Check(second[0] == 0 && second[7] == 0, "reused memory is zeroed");
        }
    }
}
