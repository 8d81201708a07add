using System.Runtime;

namespace Veridian.DotNetRuntime.Exceptions
{
    /// <summary>
    /// RhpEHEnumInitFromStackFrameIterator / RhpEHEnumNext: the EH clauses of the iterator's
    /// current method, innermost first, from ILC's EH info: a VarInt count, then per clause
    /// VarInt try start, VarInt (try length &lt;&lt; 2 | kind), then by kind: typed = VarInt handler
    /// offset + int32 self-relative MethodTable pointer; fault/finally = handler offset;
    /// filter = handler offset + filter offset. Offsets are from the method's start (funclets
    /// included).
    /// </summary>
    internal static unsafe class ClauseEnumerator
    {
        const uint Typed = 0, Fault = 1, Filter = 2;

        [RuntimeExport("RhpEHEnumInitFromStackFrameIterator")]
        static bool Init(FrameIterator* it, MethodRegionInfo* region, EHEnumState* e)
        {
            byte* p = MethodLookup.EHInfo(it->MainLsda);
            if (p == null)
                return false;
            region->HotStart = (byte*)it->MethodStart;
            region->HotSize = 0;
            region->ColdStart = null;
            region->ColdSize = 0;
            e->MethodStart = it->MethodStart;
            e->Clause = 0;
            e->ClauseCount = MethodLookup.ReadVarUInt(ref p);
            e->Cursor = p;
            return true;
        }

        [RuntimeExport("RhpEHEnumNext")]
        static bool Next(EHEnumState* e, EHClause* clause)
        {
            if (e->Clause >= e->ClauseCount)
                return false;
            e->Clause++;
            byte* p = e->Cursor;
            byte* start = (byte*)e->MethodStart;
            clause->TryStartOffset = MethodLookup.ReadVarUInt(ref p);
            uint lengthAndKind = MethodLookup.ReadVarUInt(ref p);
            clause->Kind = lengthAndKind & 3;
            clause->TryEndOffset = clause->TryStartOffset + (lengthAndKind >> 2);
            clause->FilterAddress = null;
            clause->TargetType = null;
            clause->HandlerAddress = start + MethodLookup.ReadVarUInt(ref p);
            if (clause->Kind == Typed)
            {
                clause->TargetType = p + *(int*)p;
                p += 4;
            }
            else if (clause->Kind == Filter)
                clause->FilterAddress = start + MethodLookup.ReadVarUInt(ref p);
            else if (clause->Kind != Fault)
                Fatal.Die();
            e->Cursor = p;
            return true;
        }
    }
}
