using Xunit;

namespace Veridian.DotNetRuntimeTests
{
    /// <summary>
    /// The exception layer end to end on Linux: EhHarness's program (try/catch with custom types,
    /// finally order, filters, rethrow, throws inside catch, finally and a filter, a loop of deep
    /// throws, a caught NullReferenceException and DivideByZeroException, a stack trace, an
    /// uncaught exception) must print exactly what the JIT prints and exit with the same code.
    /// </summary>
    [Collection(EhHarnessFixture.Collection)]
    public sealed class ExceptionLayerOnHostTests
    {
        readonly EhHarnessFixture _h;
        public ExceptionLayerOnHostTests(EhHarnessFixture h) => _h = h;

        [Fact]
        public void Caught_exceptions_match_the_jit()
        {
            var jit = EhHarnessFixture.Run("dotnet", $"\"{_h.JitProgram}\"", 60_000, withStderr: false);
            var aot = EhHarnessFixture.Run(_h.AotProgram, "", 60_000, withStderr: false);
            Assert.Equal(3, jit.Code);
            Assert.Equal(jit.Output, aot.Output);
            Assert.Equal(jit.Code, aot.Code);
        }

        [Fact]
        public void An_uncaught_exception_reports_type_message_and_method_and_aborts_like_the_jit()
        {
            var jit = EhHarnessFixture.Run("dotnet", $"\"{_h.JitProgram}\" boom", 60_000, withStderr: false);
            var aot = EhHarnessFixture.Run(_h.AotProgram, "boom", 60_000);
            Assert.Equal(jit.Code, aot.Code);           // 134: SIGABRT, as .NET on Linux ends
            Assert.StartsWith(jit.Output, aot.Output);
            Assert.Contains("Unhandled exception. MyException: uncaught boom", aot.Output);
            Assert.Contains("at P.Main(", aot.Output);
        }
    }
}
