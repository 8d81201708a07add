using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace Veridian.Tests.Waits
{
    /// <summary>
    /// The task service sits below IPC (docs/waits.md, "Dependency direction"): no code in
    /// Kernel/Tasks names the Ipc namespace or one of its types; IPC's waits derive from
    /// Tasks.Wait, and process end reaches IPC through KernelServices.ProcessEnding.
    /// </summary>
    public sealed class DependencyDirectionTests
    {
        private static readonly Regex IpcName = new Regex(
            @"\b(Ipc|IpcService|Endpoint|EndpointState|Channel|Message|ReplyObject|ReplyState|ReceiveWait|ReplyWait)\b");

        [Fact]
        public void Tasks_names_nothing_in_Ipc()
        {
            string tasks = Path.Combine(SyscallDocsTests.RepositoryRoot(), "Kernel", "Tasks");
            foreach (string file in Directory.GetFiles(tasks, "*.cs", SearchOption.AllDirectories))
            {
                string[] lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    string code = lines[i];
                    int comment = code.IndexOf("//", System.StringComparison.Ordinal);
                    if (comment >= 0)
                        code = code.Substring(0, comment);
                    Assert.False(IpcName.IsMatch(code), $"{file}:{i + 1} names IPC: {lines[i].Trim()}");
                }
            }
        }
    }
}
