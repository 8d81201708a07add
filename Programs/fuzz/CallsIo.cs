using Veridian.Syscalls;

namespace Veridian.Programs
{
    /// <summary>Arguments of the I/O, memory and IPC calls (the rules on addresses: <see cref="Space"/>).</summary>
    internal sealed unsafe partial class FuzzThread
    {
        /// <summary>The private result slot (read back by <see cref="Learn"/>), or anywhere the kernel may write.</summary>
        private ulong ResultOut() => Hostile() ? Space.Out(ref R) : (ulong)(Out + ResultOffset);

        // A buffer the kernel writes: the private one within its size, or the arena / a bad address with any length.
        private void OutBuffer(ulong* a, int at)
        {
            if (Hostile() || R.OneIn(4))
            {
                a[at] = Space.Out(ref R);
                a[at + 1] = Length();
            }
            else
            {
                a[at] = (ulong)Out;
                a[at + 1] = (ulong)R.Below(R.OneIn(2) ? 4097 : 65);
            }
        }

        private static readonly ObjectType[] s_readable = { ObjectType.Memory, ObjectType.Log, ObjectType.SystemInfo, ObjectType.Console, ObjectType.None };

        private void ReadCall(ulong* a)
        {
            a[0] = Cap(s_readable[R.Below(s_readable.Length)]);
            OutBuffer(a, 1);
            // SystemInfo tables, log positions, memory object offsets.
            a[3] = R.OneIn(2) ? (ulong)R.Below(5) : R.OneIn(2) ? (ulong)R.Below(1 << 16) : Length();
        }

        private void WriteCall(ulong* a)
        {
            a[0] = Cap(s_readable[R.Below(s_readable.Length)]);
            a[1] = Space.In(ref R);
            a[2] = R.OneIn(3) ? Length() : (ulong)R.Below(4097);
            a[3] = R.OneIn(2) ? 0 : R.OneIn(2) ? (ulong)R.Below(1 << 16) : Length();
        }

        private void MmapCall(ulong* a)
        {
            if (R.OneIn(3)) { HostileMmap(a); return; }
            // What gets mapped: anonymous (sometimes populated), or a memory object from the pool.
            bool shared = R.OneIn(3);
            switch (R.Below(4))
            {
                case 0: a[0] = Space.Arena(ref R) & ~(Abi.PageSize - 1); break;
                case 1: a[0] = Space.Unmapped + ((ulong)R.Below(1024) << 12); break;
                default: a[0] = 0; break;
            }
            a[1] = (ulong)(1 + R.Below(R.OneIn(4) ? 256 : 8)) << 12;
            a[2] = (ulong)R.Below(4);                                  // none, read, write, read+write
            a[3] = (ulong)(shared ? Syscalls.MapFlags.Shared : Syscalls.MapFlags.Private | Syscalls.MapFlags.Anonymous);
            if (a[0] != 0 && R.OneIn(2)) a[3] |= (ulong)Syscalls.MapFlags.Fixed;
            if (R.OneIn(8)) a[3] |= (ulong)Syscalls.MapFlags.Populate;
            a[4] = shared ? Cap(ObjectType.Memory) : 0;
            a[5] = shared && R.OneIn(3) ? (ulong)R.Below(4) << 12 : 0;
        }

        private void HostileMmap(ulong* a)
        {
            switch (R.Below(5))
            {
                case 0: a[0] = 0; break;
                case 1: a[0] = Space.Arena(ref R) & ~(Abi.PageSize - 1); break;
                case 2: a[0] = Space.Unmapped + ((ulong)R.Below(1024) << 12); break;
                case 3: a[0] = Space.Garbage(ref R); break;
                default: a[0] = Space.In(ref R); break;    // FIXED there is refused: no silent replacement (docs/abi.md §11)
            }
            a[1] = R.OneIn(2) ? (ulong)(1 + R.Below(16)) << 12 : Length();
            a[2] = Prot();
            a[3] = MapFlags();
            a[4] = (a[3] & (ulong)Syscalls.MapFlags.Shared) != 0 || R.OneIn(8) ? Cap() : 0;
            a[5] = R.OneIn(2) ? 0 : R.OneIn(2) ? (ulong)R.Below(16) << 12 : Length();
            // Populating a huge range only costs time (zeroed frames up to the quota): keep it rare.
            if ((a[3] & (ulong)Syscalls.MapFlags.Populate) != 0 && a[1] > (1 << 20) && !R.OneIn(8))
                a[3] &= ~(ulong)Syscalls.MapFlags.Populate;
        }

        /// <summary>
        /// munmap / mprotect ranges: inside the arena, inside a mapping the fuzzer made, or ones the
        /// kernel must refuse before doing anything (bad address, zero length, a length past the
        /// user range) — never a range over the fuzzer's own code, data or stacks.
        /// </summary>
        private void Range(ulong* a)
        {
            int k = R.Below(8);
            if (k < 4)
            {
                ulong page = (ulong)R.Below((int)(Space.ArenaSize >> 12));
                a[0] = Space.ArenaBase + (page << 12);
                ulong left = Space.ArenaSize - (page << 12);
                a[1] = 1 + (ulong)R.Below((int)(R.OneIn(16) ? left : 3 * Abi.PageSize));
                if (a[1] > left) a[1] = left;
                if (R.OneIn(8)) a[0] += 1 + (ulong)R.Below(4095);    // misaligned: InvalidParameter
            }
            else if (k < 7)
            {
                int i = R.Below(Pool.MapAddr.Length);
                ulong at = Pool.MapAddr[i], len = Pool.MapLen[i];
                if (at == 0 || len == 0 || len >= Abi.UserEnd) { a[0] = Space.Garbage(ref R); a[1] = Length(); return; }
                ulong pages = (len + Abi.PageSize - 1) >> 12;
                ulong skip = R.OneIn(2) ? 0 : (ulong)R.Below((int)(pages > 1 << 20 ? 1 << 20 : pages));
                a[0] = at + (skip << 12);
                a[1] = R.OneIn(2) ? (pages - skip) << 12 : (1 + (ulong)R.Below(4)) << 12;
                if (a[1] > (pages - skip) << 12) a[1] = (pages - skip) << 12;
            }
            else
            {
                a[0] = R.OneIn(2) ? Space.Garbage(ref R) : Space.ArenaBase;
                a[1] = R.OneIn(3) ? 0 : Abi.UserEnd + (R.Next() & 0xFFFF_FFFF);
                if (a[0] != Space.ArenaBase && R.OneIn(2)) a[1] = Length();
            }
        }

        private void ChannelCreateCall(ulong* a)
        {
            int i = Pool.Used(Pool.EndpointIds, ref R), j = Pool.Used(Pool.EndpointIds, ref R);
            a[0] = Hostile() ? Id(Pool.EndpointIds) : Pool.EndpointIds[i];
            a[1] = Hostile() ? Id(Pool.EndpointIds) : Pool.EndpointIds[j];
            a[2] = Hostile() ? Cap() : Pool.Safe(Pool.EndpointCaps[i]);
            a[3] = Hostile() ? Cap() : Pool.Safe(Pool.EndpointCaps[j]);
        }

        /// <summary>The arena whole and writable again (munmap, then map it fixed): the calls above keep cutting holes in it.</summary>
        public void RestoreArena()
        {
            Call((ulong)SyscallNumber.Munmap, Space.ArenaBase, Space.ArenaSize);
            ulong* a = stackalloc ulong[6];
            a[0] = Space.ArenaBase;
            a[1] = Space.ArenaSize;
            a[2] = (ulong)(ProtectionFlags.Read | ProtectionFlags.Write);
            a[3] = (ulong)(Syscalls.MapFlags.Private | Syscalls.MapFlags.Anonymous | Syscalls.MapFlags.Fixed);
            a[4] = a[5] = 0;
            Call((ulong)SyscallNumber.Mmap, a);
        }

        private void SendCall(ulong* a)
        {
            int i = Pool.Used(Pool.Channels, ref R);
            a[0] = Hostile() ? Id(Pool.Channels) : Pool.Channels[i];
            a[1] = Space.In(ref R);
            a[2] = MessageLength();
            a[3] = R.OneIn(2) ? 0 : Cap();
            a[4] = Hostile() ? Cap() : Pool.Safe(Pool.ChannelCaps[i]);
        }

        private void ReceiveCall(ulong* a)
        {
            int i = Pool.Used(Pool.EndpointIds, ref R);
            a[0] = Hostile() ? Id(Pool.EndpointIds) : Pool.EndpointIds[i];
            OutBuffer(a, 1);
            a[3] = Timeout();
            a[4] = Hostile() ? Cap() : Pool.Safe(Pool.EndpointCaps[i]);
            a[5] = ResultOut();
        }

        private void IpcCallCall(ulong* a)
        {
            int i = Pool.Used(Pool.Channels, ref R);
            ulong* block = (ulong*)Build;                      // IpcCallArgs, in the spec's order
            block[0] = Hostile() ? Id(Pool.Channels) : Pool.Channels[i];
            block[1] = Space.In(ref R);
            block[2] = MessageLength();
            OutBuffer(block, 3);
            // 0: InvalidParameter (a call always waits); else long enough for a peer to answer, still short.
            block[5] = R.OneIn(16) ? 0 : R.OneIn(4) ? Timeout() + 1 : 1_000_000 + (ulong)R.Below(20_000_000);
            block[6] = R.OneIn(2) ? 0 : Cap();
            block[7] = Hostile() ? Cap() : Pool.Safe(Pool.ChannelCaps[i]);
            // Any other readable address would be a block of unknown out pointers: only bad ones.
            a[0] = R.OneIn(12) ? Space.Garbage(ref R) : (ulong)Build;
            a[1] = ResultOut();
        }

        private void ReplyCall(ulong* a)
        {
            a[0] = Hostile() ? Id(Pool.Replies) : Pool.Replies[Pool.Used(Pool.Replies, ref R)];
            a[1] = Space.In(ref R);
            a[2] = MessageLength();
            a[3] = R.OneIn(2) ? 0 : Cap();
        }
    }
}
