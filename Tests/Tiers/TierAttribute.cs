using System;
using System.Collections.Generic;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Veridian.Tests
{
    /// <summary>
    /// The tiers of the suite (docs/testing.md). Each test is in exactly one: a host test project
    /// says so once for the assembly, a boot test class says so on the class.
    /// </summary>
    public static class Tier
    {
        /// <summary>Host tests: seconds to run, for every edit (dotnet test --filter Tier=fast).</summary>
        public const string Fast = "fast";
        /// <summary>One boot each in QEMU: the kernel, ring 3, the shell, the screen.</summary>
        public const string Boot = "boot";
        /// <summary>Boots that build or debug as well: the .NET corpus, the templates, gdb and VS Code.</summary>
        public const string Long = "long";
    }

    /// <summary>Puts the tests of an assembly or a class into a tier: the xunit trait Tier=NAME.</summary>
    [TraitDiscoverer("Veridian.Tests.TierDiscoverer", "Veridian.Tests.Tiers")]
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, AllowMultiple = false)]
    public sealed class TierAttribute : Attribute, ITraitAttribute
    {
        public TierAttribute(string name) { Name = name; }
        public string Name { get; }
    }

    /// <summary>Turns [Tier(NAME)] into the trait xunit's filter matches.</summary>
    public sealed class TierDiscoverer : ITraitDiscoverer
    {
        public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
        {
            foreach (object argument in traitAttribute.GetConstructorArguments())
                yield return new KeyValuePair<string, string>("Tier", (string)argument);
        }
    }
}
