using Veridian.Syscalls;

namespace Veridian.Programs
{
    /// <summary>Arguments of the process, thread, capability, time and extension calls.</summary>
    internal sealed unsafe partial class FuzzThread
    {
        private void ProcessCreateCall(ulong* a)
        {
            // The binary: its own image (a child that only yields and exits, Fuzz.Child), cut short, or not an image.
            switch (R.Below(6))
            {
                case 0: a[0] = Space.In(ref R); a[1] = Length(); break;
                case 1: a[0] = Space.ImageAddr; a[1] = (ulong)R.Below((int)Space.ImageSize); break;
                default: a[0] = Space.ImageAddr; a[1] = Space.ImageSize; break;
            }
            // args: UserStrings built here (the texts are "fuzz" and "child" in Fuzz.Texts), or anything.
            ulong* strings = (ulong*)Build;
            int count = R.OneIn(8) ? R.Below(40) : 2;
            for (int i = 0; i < count && i < 32; i++)
            {
                bool plain = !Hostile();
                strings[2 * i] = plain ? Space.DataAddr + (i == 0 ? 0UL : 4UL) : Space.In(ref R);
                strings[2 * i + 1] = plain ? (i == 0 ? 4UL : 5UL) : Length();
            }
            a[2] = R.OneIn(12) ? Space.In(ref R) : (ulong)strings;
            a[3] = R.OneIn(12) ? Length() : (ulong)count;
            // capabilities: a few from the pool (each needs Grant), or anything.
            ulong* caps = (ulong*)(Build + 512);
            int capCount = R.Below(4);
            for (int i = 0; i < capCount; i++) caps[i] = Cap();
            a[4] = R.OneIn(12) ? Space.In(ref R) : (ulong)caps;
            a[5] = R.OneIn(12) ? Length() : (ulong)capCount;
        }

        private void ThreadCreateCall(ulong* a)
        {
            // The entry: the stub that exits at once, or memory that is not executable, or a bad address.
            switch (R.Below(6))
            {
                case 0: a[0] = Space.DataAddr; break;
                case 1: a[0] = Space.Garbage(ref R); break;
                case 2: a[0] = Space.ImageAddr; break;     // mapped read-only: not an entry
                default: a[0] = Space.StubEntry; break;
            }
            a[1] = R.OneIn(8) ? Space.Garbage(ref R) : Space.Arena(ref R) & ~15UL;
            a[2] = R.OneIn(4) ? Length() : (ulong)(1 + R.Below(16)) << 10;
            a[3] = R.Next();
        }

        private void CapabilityCreateCall(ulong* a)
        {
            switch (R.Below(8))
            {
                case 0: case 1: case 2:
                    a[0] = (ulong)ObjectType.Memory;
                    a[1] = R.OneIn(3) ? Length() : (ulong)(1 + R.Below(64)) << 12;
                    break;
                case 3: case 4:
                    a[0] = (ulong)ObjectType.Endpoint;
                    a[1] = R.OneIn(4) ? Length() : 0;
                    break;
                case 5:
                    a[0] = (ulong)ObjectType.Resource;
                    a[1] = (ulong)R.Below(102);
                    break;
                default:
                    a[0] = R.OneIn(2) ? (ulong)R.Below(12) : R.Next();
                    a[1] = Length();
                    break;
            }
            a[2] = Rights();
            a[3] = Cap(ObjectType.Resource);
        }

        /// <summary>A Timespec built here (at most a millisecond, or malformed), or a bad address: never
        /// memory of unknown content, which could hold a sleep of years.</summary>
        private ulong SleepArgument()
        {
            if (R.OneIn(6)) return Space.Garbage(ref R);
            long* t = (long*)Build;
            switch (R.Below(6))
            {
                case 0: t[0] = -1 - R.Below(1000); t[1] = 0; break;
                case 1: t[0] = 0; t[1] = Timespec.NanosecondsPerSecond + R.Below(1000); break;
                case 2: t[0] = 0; t[1] = -1; break;
                default: t[0] = 0; t[1] = R.Below(1_000_001); break;
            }
            return (ulong)t;
        }

        // A few shared words at the arena's start, so waits and wakes meet; sometimes anywhere.
        private ulong FutexWord()
        {
            switch (R.Below(8))
            {
                case 0: return Space.Arena(ref R);
                case 1: return Space.Garbage(ref R);
                case 2: return Space.ArenaBase + 1 + (ulong)R.Below(3);     // misaligned
                default: return Space.ArenaBase + 4 * (ulong)R.Below(4);
            }
        }

        // Never a handler that could run: only no handler, memory that is not executable, or bad addresses.
        private void HandlerCall(ulong* a)
        {
            switch (R.Below(4))
            {
                case 0: a[0] = 0; a[1] = R.OneIn(2) ? 0 : Space.Arena(ref R); break;
                case 1: a[0] = Space.DataAddr; break;
                case 2: a[0] = Space.ImageAddr + (ulong)R.Below((int)Space.ImageSize); break;
                default: a[0] = Space.Garbage(ref R); break;
            }
            if (a[0] != 0) a[1] = R.OneIn(2) ? 0 : R.OneIn(2) ? Space.Arena(ref R) : Space.Garbage(ref R);
        }

        private void RandomBytes(byte* at, int count)
        {
            for (int i = 0; i + 8 <= count; i += 8) *(ulong*)(at + i) = R.OneIn(2) ? Anything() : R.Next() & (Abi.UserEnd - 1);
        }
    }
}
