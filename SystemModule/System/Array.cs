namespace System
{
    /// <summary>Base of every array. ILC requires the length field to be named _numComponents.</summary>
    public abstract class Array
    {
#pragma warning disable 0649, 0169
        private readonly int _numComponents;
#pragma warning restore 0649, 0169
        public int Length => _numComponents;
    }

    // ILC uses Array<T> as the base of T[] for generic interface dispatch on arrays.
    internal class Array<T> : Array { }
}
