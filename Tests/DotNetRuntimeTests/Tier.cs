using Veridian.Tests;

// Every test of the .NET layer on the host is in the fast tier (docs/testing.md).
[assembly: Tier(Tier.Fast)]
