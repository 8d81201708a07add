using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>
    /// Strings: literals are frozen objects ILC lays out in .data, so they need no start-up code.
    /// The kernel only reads them (length, characters); it never formats or concatenates.
    /// </summary>
    public sealed class String
    {
        // ILC requires exactly these two field names.
#pragma warning disable 0649
        private readonly int _stringLength;
        private char _firstChar;
#pragma warning restore 0649

        public static readonly string Empty = "";

        public int Length => _stringLength;

        [IndexerName("Chars")]
        public unsafe char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength)
                    Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
                fixed (char* p = &_firstChar)
                    return p[index];
            }
        }

        public ref readonly char GetPinnableReference() => ref _firstChar;

        public static bool IsNullOrEmpty(string s) => s == null || s._stringLength == 0;

        internal ref char FirstChar => ref _firstChar;

        public static implicit operator ReadOnlySpan<char>(string s)
            => s == null ? default : new ReadOnlySpan<char>(ref s._firstChar, s._stringLength);

        public static bool operator ==(string a, string b) => Equals(a, b);
        public static bool operator !=(string a, string b) => !Equals(a, b);

        public static bool Equals(string a, string b)
        {
            if ((object)a == (object)b) return true;
            if ((object)a == null || (object)b == null || a._stringLength != b._stringLength) return false;
            for (int i = 0; i < a._stringLength; i++)
                if (a[i] != b[i]) return false;
            return true;
        }

        public override bool Equals(object obj) => obj is string s && Equals(this, s);

        public override int GetHashCode()
        {
            uint h = 2166136261;
            for (int i = 0; i < _stringLength; i++) h = (h ^ this[i]) * 16777619;
            return (int)h;
        }

        public override string ToString() => this;
    }
}
