using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Veridian.Syscalls.Generator
{
    /// <summary>How one declared argument travels in registers.</summary>
    internal enum ArgKind
    {
        /// <summary>ulong: the register as is.</summary>
        U64,
        /// <summary>int (an exit code): the low 32 bits.</summary>
        I32,
        /// <summary>uint (a futex value, a count): must fit 32 bits, else InvalidParameter (docs/abi.md §1).</summary>
        U32,
        /// <summary>An enum: range-checked against its underlying type, then cast.</summary>
        Enum,
        /// <summary>A one-field value type (Capability, ids, Rights…) built by its one-argument constructor.</summary>
        Wrapper,
        /// <summary>UserBuffer: pointer and byte length, read by the kernel.</summary>
        Buffer,
        /// <summary>UserOutBuffer: pointer and byte length, written by the kernel.</summary>
        OutBuffer,
        /// <summary>UserArray&lt;T&gt;: pointer and element count, read by the kernel.</summary>
        Array,
        /// <summary>UserPtr&lt;T&gt;: pointer to one T, read by the kernel.</summary>
        Ptr,
        /// <summary>UserOutPtr&lt;T&gt;: pointer to one T, written by the kernel.</summary>
        OutPtr,
    }

    internal enum ReturnKind
    {
        /// <summary>void: the register carries 0.</summary>
        None,
        /// <summary>ulong: a length, an address.</summary>
        U64,
        /// <summary>int: a zero-extended u32.</summary>
        I32,
        /// <summary>An id or token type, built from the register.</summary>
        Wrapper,
    }

    internal sealed class Arg
    {
        public string Name;
        public ArgKind Kind;
        /// <summary>Fully qualified type as declared (UserArray&lt;X&gt; etc).</summary>
        public string Type;
        /// <summary>Short type name for docs.</summary>
        public string ShortType;
        /// <summary>For Array/Ptr/OutPtr: the element type, fully qualified and short.</summary>
        public string Element;
        public string ElementShort;
        public int ElementSize;
        /// <summary>For Ptr/OutPtr: the element struct's field names in order (docs).</summary>
        public string ElementFields;
        /// <summary>For Ptr: the element is one integer word (a futex), which the kernel reads where it is, so UserLib passes its address, not a copy.</summary>
        public bool ElementIsWord;
        /// <summary>Largest register value the type accepts; 0 = any.</summary>
        public ulong Max;
        /// <summary>For Enum: the underlying keyword. For Wrapper: the constructor parameter keyword.</summary>
        public string Carrier;
        /// <summary>For Wrapper: the property that gives the register value back.</summary>
        public string RawProperty;
        public int FirstRegister;

        public int Registers => Kind == ArgKind.Buffer || Kind == ArgKind.OutBuffer || Kind == ArgKind.Array ? 2 : 1;
    }

    /// <summary>One [Error] of a call: the error(s), the condition, an optional label for the first column.</summary>
    internal sealed class ErrorDecl
    {
        public List<string> Names = new List<string>();
        public string When;
        public string Label;
    }

    internal sealed class Call
    {
        public string Name;
        public string NumberName;
        public ulong Number;
        public bool NeverReturns;
        public ReturnKind Return;
        public string ReturnType;
        public string ReturnShort;
        public List<Arg> Args = new List<Arg>();
        public Location Location;
        public string Summary;
        public string Returns;
        /// <summary>From [Syscall(Handler, Section, ErrorsWhen, Footnote)], [Detail] and [Error]: docs/syscall-errors.md.</summary>
        public string Handler;
        public string Section;
        public string ErrorsWhen;
        public string Footnote;
        public List<KeyValuePair<string, string>> Details = new List<KeyValuePair<string, string>>();
        public List<ErrorDecl> Errors = new List<ErrorDecl>();

        public string SysName
        {
            get
            {
                var sb = new StringBuilder("SYS_");
                for (int i = 0; i < NumberName.Length; i++)
                {
                    char c = NumberName[i];
                    if (i > 0 && char.IsUpper(c))
                        sb.Append('_');
                    sb.Append(char.ToUpperInvariant(c));
                }
                return sb.ToString();
            }
        }

        public int RegisterCount => Args.Sum(a => a.Registers);

        /// <summary>The one out-pointer argument whose struct the UserLib wrapper returns, or null.</summary>
        public Arg OutStruct => Args.FirstOrDefault(a => a.Kind == ArgKind.OutPtr);
    }

    /// <summary>What one compilation gets: generated files and diagnostics. Equality on the text only.</summary>
    internal sealed class Output : System.IEquatable<Output>
    {
        public readonly List<KeyValuePair<string, string>> Files = new List<KeyValuePair<string, string>>();
        public readonly List<Diagnostic> Diagnostics = new List<Diagnostic>();

        private string Key => string.Join("\u0001", Files.Select(f => f.Key + "\u0002" + f.Value))
            + "\u0003" + string.Join("\u0001", Diagnostics.Select(d => d.ToString()));

        public bool Equals(Output other) => other != null && Key == other.Key;
        public override bool Equals(object obj) => Equals(obj as Output);
        public override int GetHashCode() => Key.GetHashCode();
    }
}
