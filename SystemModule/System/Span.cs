using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>A bounds-checked view over contiguous memory: an array, a stackalloc or raw memory.</summary>
    public readonly ref struct Span<T>
    {
        internal readonly ref T _reference;
        private readonly int _length;

        public Span(T[] array)
        {
            _reference = ref SpanCopy.ArrayStart(array, 0, array == null ? 0 : array.Length);
            _length = array == null ? 0 : array.Length;
        }

        public Span(T[] array, int start, int length)
        {
            _reference = ref SpanCopy.ArrayStart(array, start, length);
            _length = length;
        }

        public unsafe Span(void* pointer, int length)
        {
            if (length < 0) ThrowHelpersForSpan.OutOfRange();
            _reference = ref Unsafe.AsRef<T>(pointer);
            _length = length;
        }

        internal Span(ref T reference, int length)
        {
            _reference = ref reference;
            _length = length;
        }

        public int Length => _length;
        public bool IsEmpty => _length == 0;
        public static Span<T> Empty => default;

        public ref T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length) ThrowHelpersForSpan.IndexOutOfRange();
                return ref Unsafe.Add(ref _reference, index);
            }
        }

        public ref T GetPinnableReference() => ref (_length != 0 ? ref _reference : ref Unsafe.NullRef<T>());

        public Span<T> Slice(int start)
        {
            if ((uint)start > (uint)_length) ThrowHelpersForSpan.OutOfRange();
            return new Span<T>(ref Unsafe.Add(ref _reference, start), _length - start);
        }

        public Span<T> Slice(int start, int length)
        {
            if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length) ThrowHelpersForSpan.OutOfRange();
            return new Span<T>(ref Unsafe.Add(ref _reference, start), length);
        }

        // One memset (rep stosq), not a loop per element: the kernel zeroes every page it hands
        // out this way, and the loop cost ~5 instructions a byte (20,500 of the 22,950 in
        // bench's mmap-touch-munmap-4k). No collector here, so zeroing a reference needs no barrier.
        public void Clear()
            => SpanHelpers.ClearWithoutReferences(ref Unsafe.As<T, byte>(ref _reference), (nuint)(uint)_length * (nuint)Unsafe.SizeOf<T>());

        public void Fill(T value)
        {
            for (int i = 0; i < _length; i++) Unsafe.Add(ref _reference, i) = value;
        }

        public void CopyTo(Span<T> destination)
        {
            if (!TryCopyTo(destination)) ThrowHelpersForSpan.DestinationTooShort();
        }

        public bool TryCopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length) return false;
            SpanCopy.Copy(ref destination._reference, ref _reference, _length);
            return true;
        }

        public T[] ToArray()
        {
            var result = new T[_length];
            for (int i = 0; i < _length; i++) result[i] = Unsafe.Add(ref _reference, i);
            return result;
        }

        public static implicit operator Span<T>(T[] array) => new Span<T>(array);
        public static implicit operator ReadOnlySpan<T>(Span<T> span) => new ReadOnlySpan<T>(ref span._reference, span._length);

        public Enumerator GetEnumerator() => new Enumerator(this);

        public ref struct Enumerator
        {
            private readonly Span<T> _span;
            private int _index;
            internal Enumerator(Span<T> span) { _span = span; _index = -1; }
            public bool MoveNext() => ++_index < _span.Length;
            public ref T Current => ref _span[_index];
        }
    }

    /// <summary>What Span and ReadOnlySpan share: array access and overlapping copies.</summary>
    internal static class SpanCopy
    {
        /// <summary>A reference to array[start] after checking [start, start+length) lies inside
        /// the array; a null reference for a null array with an empty range.</summary>
        internal static ref T ArrayStart<T>(T[] array, int start, int length)
        {
            if (array == null)
            {
                if (start != 0 || length != 0) ThrowHelpersForSpan.OutOfRange();
                return ref Unsafe.NullRef<T>();
            }
            if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)array.Length) ThrowHelpersForSpan.OutOfRange();
            return ref Unsafe.Add(ref Unsafe.As<byte, T>(ref Unsafe.As<RawArrayData>(array).Data), start);
        }

        /// <summary>
        /// Element copy that is correct for overlapping ranges: SpanHelpers.Memmove of the bytes
        /// (this runtime has no garbage collector, so references need no write barrier). Copying
        /// element by element cost the kernel about 16 instructions per byte of every program it loaded.
        /// </summary>
        internal static unsafe void Copy<T>(ref T destination, ref T source, int count)
        {
            if (count <= 0) return;
            SpanHelpers.Memmove(ref Unsafe.As<T, byte>(ref destination), ref Unsafe.As<T, byte>(ref source), (nuint)count * (nuint)Unsafe.SizeOf<T>());
        }
    }

    internal static class ThrowHelpersForSpan
    {
        internal static void IndexOutOfRange() => throw new IndexOutOfRangeException();
        internal static void OutOfRange() => throw new ArgumentOutOfRangeException("start");
        internal static void DestinationTooShort() => throw new ArgumentException("Destination is too short.");
    }
}
