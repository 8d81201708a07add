using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Veridian.Syscalls.Generator
{
    /// <summary>Reads <c>Veridian.Syscalls.ISyscallApi</c> (from source or from a referenced assembly).</summary>
    internal static class Declaration
    {
        public const string ApiName = "Veridian.Syscalls.ISyscallApi";
        public const string AttributeName = "Veridian.Syscalls.SyscallAttribute";
        public const string Ns = "Veridian.Syscalls";

        public static readonly SymbolDisplayFormat Full = SymbolDisplayFormat.FullyQualifiedFormat;
        public static readonly SymbolDisplayFormat Short = SymbolDisplayFormat.MinimallyQualifiedFormat;

        public static readonly DiagnosticDescriptor BadArgument = new DiagnosticDescriptor(
            "VSG001", "Unsupported syscall argument type",
            "Syscall {0}: argument '{1}' has type {2}, which the generator cannot decode into registers",
            "Syscalls", DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor TooManyRegisters = new DiagnosticDescriptor(
            "VSG002", "Too many argument registers",
            "Syscall {0} needs {1} argument registers; there are 6 (pass more in an argument block)",
            "Syscalls", DiagnosticSeverity.Error, true);

        public static readonly DiagnosticDescriptor BadReturn = new DiagnosticDescriptor(
            "VSG003", "Unsupported syscall return type",
            "Syscall {0} returns {1}; use void, ulong, int or an id/token type",
            "Syscalls", DiagnosticSeverity.Error, true);

        public static List<Call> Read(Compilation compilation, List<Diagnostic> diagnostics)
        {
            INamedTypeSymbol api = compilation.GetTypeByMetadataName(ApiName);
            INamedTypeSymbol attribute = compilation.GetTypeByMetadataName(AttributeName);
            if (api == null || attribute == null)
                return null;
            var calls = new List<Call>();
            foreach (IMethodSymbol m in api.GetMembers().OfType<IMethodSymbol>())
            {
                AttributeData a = m.GetAttributes().FirstOrDefault(x => SymbolEqualityComparer.Default.Equals(x.AttributeClass, attribute));
                if (a == null || a.ConstructorArguments.Length != 1)
                    continue;
                TypedConstant n = a.ConstructorArguments[0];
                ulong number = System.Convert.ToUInt64(n.Value);
                string numberName = ((INamedTypeSymbol)n.Type).GetMembers().OfType<IFieldSymbol>()
                    .Where(f => f.HasConstantValue && System.Convert.ToUInt64(f.ConstantValue) == number)
                    .Select(f => f.Name).FirstOrDefault() ?? m.Name;
                var call = new Call
                {
                    Name = m.Name,
                    Number = number,
                    NumberName = numberName,
                    NeverReturns = a.NamedArguments.Any(x => x.Key == "NeverReturns" && x.Value.Value is bool b && b),
                    Location = m.Locations.FirstOrDefault(),
                    Summary = SummaryOf(m),
                    Returns = Named(a, "Returns"),
                    Handler = Named(a, "Handler"),
                    Section = Named(a, "Section"),
                    ErrorsWhen = Named(a, "ErrorsWhen"),
                    Footnote = Named(a, "Footnote"),
                };
                ReadErrorsAndDetails(m, call);
                int register = 0;
                foreach (IParameterSymbol p in m.Parameters)
                {
                    Arg arg = Classify(p.Type);
                    if (arg == null)
                    {
                        diagnostics.Add(Diagnostic.Create(BadArgument, p.Locations.FirstOrDefault(), m.Name, p.Name, p.Type.ToDisplayString()));
                        continue;
                    }
                    arg.Name = p.Name;
                    arg.FirstRegister = register;
                    register += arg.Registers;
                    call.Args.Add(arg);
                }
                if (register > 6)
                    diagnostics.Add(Diagnostic.Create(TooManyRegisters, call.Location, m.Name, register));
                if (!ClassifyReturn(m.ReturnType, call))
                    diagnostics.Add(Diagnostic.Create(BadReturn, call.Location, m.Name, m.ReturnType.ToDisplayString()));
                calls.Add(call);
            }
            calls.Sort((x, y) => x.Number.CompareTo(y.Number));
            return calls;
        }

        private static string Named(AttributeData a, string name)
        {
            return a.NamedArguments.Where(x => x.Key == name).Select(x => x.Value.Value as string).FirstOrDefault();
        }

        /// <summary>[Detail(name, text)] and [Error(error(s), when, Label)], in declaration order.</summary>
        private static void ReadErrorsAndDetails(IMethodSymbol m, Call call)
        {
            foreach (AttributeData a in m.GetAttributes())
            {
                string name = a.AttributeClass?.ToDisplayString();
                if (name == Ns + ".DetailAttribute" && a.ConstructorArguments.Length == 2)
                {
                    call.Details.Add(new KeyValuePair<string, string>((string)a.ConstructorArguments[0].Value, (string)a.ConstructorArguments[1].Value));
                }
                else if (name == Ns + ".ErrorAttribute" && a.ConstructorArguments.Length == 2)
                {
                    var e = new ErrorDecl { When = (string)a.ConstructorArguments[1].Value, Label = Named(a, "Label") };
                    TypedConstant first = a.ConstructorArguments[0];
                    IEnumerable<TypedConstant> values = first.Kind == TypedConstantKind.Array ? first.Values : new[] { first };
                    foreach (TypedConstant v in values)
                        e.Names.Add(EnumName(v));
                    call.Errors.Add(e);
                }
            }
        }

        private static string EnumName(TypedConstant v)
        {
            ulong value = System.Convert.ToUInt64(v.Value);
            return ((INamedTypeSymbol)v.Type).GetMembers().OfType<IFieldSymbol>()
                .Where(f => f.HasConstantValue && System.Convert.ToUInt64(f.ConstantValue) == value)
                .Select(f => f.Name).FirstOrDefault() ?? value.ToString();
        }

        private static string SummaryOf(IMethodSymbol m)
        {
            string xml = m.GetDocumentationCommentXml();
            if (string.IsNullOrEmpty(xml))
                return null;
            int s = xml.IndexOf("<summary>");
            int e = xml.IndexOf("</summary>");
            if (s < 0 || e < s)
                return null;
            string text = xml.Substring(s + 9, e - s - 9);
            text = System.Text.RegularExpressions.Regex.Replace(text, "<see cref=\"[A-Z]:([A-Za-z.]*\\.)?([A-Za-z]+)\"\\s*/>", "`$2`");
            return System.Text.RegularExpressions.Regex.Replace(text, "\\s+", " ").Trim();
        }

        private static bool ClassifyReturn(ITypeSymbol t, Call call)
        {
            call.ReturnType = t.ToDisplayString(Full);
            call.ReturnShort = t.ToDisplayString(Short);
            switch (t.SpecialType)
            {
                case SpecialType.System_Void: call.Return = ReturnKind.None; return true;
                case SpecialType.System_UInt64: call.Return = ReturnKind.U64; return true;
                case SpecialType.System_Int32: call.Return = ReturnKind.I32; return true;
            }
            Arg w = Classify(t);
            if (w != null && w.Kind == ArgKind.Wrapper && w.Carrier == "ulong")
            {
                call.Return = ReturnKind.Wrapper;
                return true;
            }
            return false;
        }

        private static Arg Classify(ITypeSymbol t)
        {
            var arg = new Arg { Type = t.ToDisplayString(Full), ShortType = t.ToDisplayString(Short) };
            switch (t.SpecialType)
            {
                case SpecialType.System_UInt64: arg.Kind = ArgKind.U64; return arg;
                case SpecialType.System_Int32: arg.Kind = ArgKind.I32; return arg;
                case SpecialType.System_UInt32: arg.Kind = ArgKind.U32; arg.Carrier = "uint"; arg.Max = uint.MaxValue; return arg;
            }
            if (!(t is INamedTypeSymbol named) || !t.IsValueType)
                return null;
            if (named.TypeKind == TypeKind.Enum)
            {
                arg.Kind = ArgKind.Enum;
                if (!Width(named.EnumUnderlyingType, out arg.Carrier, out arg.Max))
                    return null;
                return arg;
            }
            string ns = named.ContainingNamespace?.ToDisplayString();
            if (ns == Ns)
            {
                switch (named.Name)
                {
                    case "UserBuffer": arg.Kind = ArgKind.Buffer; return arg;
                    case "UserOutBuffer": arg.Kind = ArgKind.OutBuffer; return arg;
                    case "UserArray": arg.Kind = ArgKind.Array; return Element(named, arg);
                    case "UserPtr": arg.Kind = ArgKind.Ptr; return Element(named, arg);
                    case "UserOutPtr": arg.Kind = ArgKind.OutPtr; return Element(named, arg);
                }
            }
            // A one-field value type: a public constructor with one integer parameter, and the one
            // public instance property of that parameter's type that gives the value back.
            foreach (IMethodSymbol ctor in named.InstanceConstructors)
            {
                if (ctor.DeclaredAccessibility != Accessibility.Public || ctor.Parameters.Length != 1)
                    continue;
                ITypeSymbol pt = ctor.Parameters[0].Type;
                if (!Width(pt, out string carrier, out ulong max))
                    continue;
                var props = named.GetMembers().OfType<IPropertySymbol>()
                    .Where(p => !p.IsStatic && p.DeclaredAccessibility == Accessibility.Public
                                && SymbolEqualityComparer.Default.Equals(p.Type, pt))
                    .ToList();
                if (props.Count != 1)
                    continue;
                arg.Kind = ArgKind.Wrapper;
                arg.Carrier = carrier;
                arg.Max = max;
                arg.RawProperty = props[0].Name;
                return arg;
            }
            return null;
        }

        private static Arg Element(INamedTypeSymbol named, Arg arg)
        {
            if (named.TypeArguments.Length != 1)
                return null;
            ITypeSymbol e = named.TypeArguments[0];
            arg.Element = e.ToDisplayString(Full);
            arg.ElementShort = e.ToDisplayString(Short);
            arg.ElementSize = SizeOf(e, out _);
            arg.ElementIsWord = e.SpecialType == SpecialType.System_UInt32 || e.SpecialType == SpecialType.System_UInt64;
            arg.ElementFields = string.Join(", ", e.GetMembers().OfType<IFieldSymbol>()
                .Where(f => !f.IsStatic && !f.IsConst && f.DeclaredAccessibility == Accessibility.Public).Select(f => f.Name));
            return arg;
        }

        private static bool Width(ITypeSymbol t, out string carrier, out ulong max)
        {
            switch (t?.SpecialType)
            {
                case SpecialType.System_Byte: carrier = "byte"; max = byte.MaxValue; return true;
                case SpecialType.System_UInt16: carrier = "ushort"; max = ushort.MaxValue; return true;
                case SpecialType.System_UInt32: carrier = "uint"; max = uint.MaxValue; return true;
                case SpecialType.System_UInt64: carrier = "ulong"; max = 0; return true;
            }
            carrier = null;
            max = 0;
            return false;
        }

        /// <summary>Size of an unmanaged struct by its fields (sequential layout), for the docs only.</summary>
        public static int SizeOf(ITypeSymbol t, out int align)
        {
            align = 1;
            switch (t.SpecialType)
            {
                case SpecialType.System_Byte: case SpecialType.System_SByte: case SpecialType.System_Boolean: return 1;
                case SpecialType.System_UInt16: case SpecialType.System_Int16: case SpecialType.System_Char: align = 2; return 2;
                case SpecialType.System_UInt32: case SpecialType.System_Int32: align = 4; return 4;
                case SpecialType.System_UInt64: case SpecialType.System_Int64: align = 8; return 8;
            }
            if (t is INamedTypeSymbol n && n.TypeKind == TypeKind.Enum)
                return SizeOf(n.EnumUnderlyingType, out align);
            int size = 0;
            foreach (IFieldSymbol f in t.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
            {
                int fs = SizeOf(f.Type, out int fa);
                if (fa > align)
                    align = fa;
                size = (size + fa - 1) / fa * fa + fs;
            }
            return (size + align - 1) / align * align;
        }

        /// <summary>Every top-level type in <paramref name="ns"/> and the namespaces below it.</summary>
        public static IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol ns)
        {
            foreach (INamespaceOrTypeSymbol member in ns.GetMembers())
            {
                if (member is INamespaceSymbol child)
                {
                    foreach (INamedTypeSymbol t in Types(child))
                        yield return t;
                }
                else if (member is INamedTypeSymbol t)
                    yield return t;
            }
        }
    }
}
