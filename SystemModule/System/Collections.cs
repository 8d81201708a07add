namespace System.Collections
{
    // C# requires these to exist to compile `foreach` over arrays (which it lowers to an index loop).
    public interface IEnumerable
    {
        IEnumerator GetEnumerator();
    }

    public interface IEnumerator
    {
        bool MoveNext();
        object Current { get; }
    }
}
