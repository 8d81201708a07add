using System;
using System.Linq;
using System.Reflection;
using Veridian.Tests;
using Xunit;

namespace Veridian.BootTests
{
    /// <summary>Every boot test is in exactly one tier (docs/testing.md), so the tiers together are the whole suite.</summary>
    [Tier(Tier.Boot)]
    public sealed class TierTests
    {
        [Fact]
        public void Every_test_class_names_its_tier()
        {
            string[] known = { Tier.Fast, Tier.Boot, Tier.Long };
            var classes = typeof(TierTests).Assembly.GetTypes()
                .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()))
                .ToList();
            Assert.Contains(typeof(ShellBootTests), classes);
            string[] missing = classes
                .Where(t => t.GetCustomAttribute<TierAttribute>() is not TierAttribute tier || Array.IndexOf(known, tier.Name) < 0)
                .Select(t => t.Name).ToArray();
            Assert.True(missing.Length == 0, "test classes with no [Tier(Tier.Boot)] or [Tier(Tier.Long)]: " + string.Join(", ", missing));
        }
    }
}
