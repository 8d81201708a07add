using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>A read-only, bounds-checked view over contiguous memory.</summary>
    public readonly ref struct ReadOnlySpan<T>
    {
        internal readonly ref T _reference;
        private readonly int _length;

        public ReadOnlySpan(T[] array)
        {
            _reference = ref SpanCopy.ArrayStart(array, 0, array == null ? 0 : array.Length);
            _length = array == null ? 0 : array.Length;
        }

        public ReadOnlySpan(T[] array, int start, int length)
        {
            _reference = ref SpanCopy.ArrayStart(array, start, length);
            _length = length;
        }

        public unsafe ReadOnlySpan(void* pointer, int length)
        {
            if (length < 0) ThrowHelpersForSpan.OutOfRange();
            _reference = ref Unsafe.AsRef<T>(pointer);
            _length = length;
        }

        internal ReadOnlySpan(ref T reference, int length)
        {
            _reference = ref reference;
            _length = length;
        }

        public int Length => _length;
        public bool IsEmpty => _length == 0;
        public static ReadOnlySpan<T> Empty => default;

        public ref readonly T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length) ThrowHelpersForSpan.IndexOutOfRange();
                return ref Unsafe.Add(ref _reference, index);
            }
        }

        public ref readonly T GetPinnableReference() => ref (_length != 0 ? ref _reference : ref Unsafe.NullRef<T>());

        public ReadOnlySpan<T> Slice(int start)
        {
            if ((uint)start > (uint)_length) ThrowHelpersForSpan.OutOfRange();
            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), _length - start);
        }

        public ReadOnlySpan<T> Slice(int start, int length)
        {
            if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length) ThrowHelpersForSpan.OutOfRange();
            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), length);
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

        public static implicit operator ReadOnlySpan<T>(T[] array) => new ReadOnlySpan<T>(array);

        public Enumerator GetEnumerator() => new Enumerator(this);

        public ref struct Enumerator
        {
            private readonly ReadOnlySpan<T> _span;
            private int _index;
            internal Enumerator(ReadOnlySpan<T> span) { _span = span; _index = -1; }
            public bool MoveNext() => ++_index < _span.Length;
            public ref readonly T Current => ref _span[_index];
        }
    }

    public static class MemoryExtensions
    {
        public static Span<T> AsSpan<T>(this T[] array) => new Span<T>(array);
        public static Span<T> AsSpan<T>(this T[] array, int start) => new Span<T>(array, start, (array == null ? 0 : array.Length) - start);
        public static Span<T> AsSpan<T>(this T[] array, int start, int length) => new Span<T>(array, start, length);
        // C# lowers string -> ReadOnlySpan<char> conversions to this method, so it must build the
        // span itself (a conversion here would call itself forever).
        public static ReadOnlySpan<char> AsSpan(this string text)
            => text == null ? default : new ReadOnlySpan<char>(ref text.FirstChar, text.Length);
    }
}
