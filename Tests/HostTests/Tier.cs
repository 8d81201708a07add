using Veridian.Tests;

// Every host test is in the fast tier (docs/testing.md).
[assembly: Tier(Tier.Fast)]
