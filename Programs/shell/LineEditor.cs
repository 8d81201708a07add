using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// Reads one command line from <see cref="Input"/> with editing: printable ASCII is inserted
    /// at the cursor; Backspace (0x7F or 0x08) and Ctrl-D (on a non-empty line) delete;
    /// Left/Right, Home/End (ESC [ D/C/H/F, ESC O H/F, ESC [ 1~/4~, Ctrl-A/Ctrl-E) move; Up/Down
    /// walk the history; Ctrl-U clears the line; Ctrl-C abandons it; Enter ends it. Ctrl-D on an
    /// empty line does nothing (it says so). Other control bytes and bytes above 0x7E are not
    /// text: they are dropped with a message. A line is at most <see cref="MaxLine"/> characters.
    ///
    /// Display: the kernel console prints only printable ASCII, newline and tab (every other
    /// byte shows as '?', KernelConsole.WriteAscii), so the shell cannot move the terminal's
    /// cursor back. Typing at the end of the line echoes the character; any other edit shows
    /// the edited line again on a new line, with a '^' on the line below marking the cursor when it is not at the end.
    /// </summary>
    internal sealed class LineEditor
    {
        public const int MaxLine = 256;
        private const int HistorySize = 32;

        private readonly char[] _line = new char[MaxLine];
        private int _length, _cursor;
        private readonly string[] _history = new string[HistorySize];
        private int _historyCount;      // entries stored (at most HistorySize)
        private int _historyNewest;     // index of the next slot to fill
        private int _browse;            // 0 = the line being typed, k = k-th newest history entry
        private string _saved;          // the line being typed while browsing
        private bool _tooLongReported, _nonTextReported;
        private int _shown;     // characters of the line on the terminal after the prompt
        public string Prompt = "veridian$ ";

        /// <summary>The number of lines in the history and the k-th newest (1 = newest).</summary>
        public int HistoryCount => _historyCount;
        public string History(int k) => _history[(_historyNewest - k + HistorySize * 2) % HistorySize];

        /// <summary>Reads a line; null if it was abandoned with Ctrl-C.</summary>
        public string ReadLine()
        {
            _length = _cursor = _shown = 0;
            _browse = 0;
            _tooLongReported = _nonTextReported = false;
            Console.Write(Prompt);
            bool lastWasReturn = false;
            for (;;)
            {
                ReportDropped();
                byte b = Input.Take();
                if (b == (byte)'\n' && lastWasReturn) { lastWasReturn = false; continue; }   // CR LF from a terminal
                lastWasReturn = b == (byte)'\r';
                if (b == (byte)'\r' || b == (byte)'\n')
                {
                    Console.WriteLine();
                    string line = Current();
                    Remember(line);
                    return line;
                }
                if (b >= 0x20 && b < 0x7F) { Insert((char)b); continue; }
                switch (b)
                {
                    case 0x7F:
                    case 0x08:
                        if (_cursor > 0) { Delete(_cursor - 1); _cursor--; ShowEdited(); }
                        break;
                    case 3:     // Ctrl-C
                        Console.WriteLine("^C");
                        return null;
                    case 4:     // Ctrl-D
                        if (_length == 0)
                        {
                            Console.WriteLine();
                            Console.WriteLine("(Ctrl-D does nothing here: type exit to end this shell, shutdown to power off)");
                            Console.Write(Prompt);
                        }
                        else if (_cursor < _length) { Delete(_cursor); ShowEdited(); }
                        break;
                    case 1: Move(0); break;             // Ctrl-A
                    case 5: Move(_length); break;       // Ctrl-E
                    case 21: _length = _cursor = 0; ShowEdited(); break;   // Ctrl-U
                    case 27: Escape(); break;
                    default: NonText(b); break;
                }
            }
        }

        private void Escape()
        {
            byte b = Input.Take();
            if (b != (byte)'[' && b != (byte)'O') { NonText(27); return; }
            byte c = Input.Take();
            int number = 0;
            while (c >= (byte)'0' && c <= (byte)'9')
            {
                number = number * 10 + (c - '0');
                c = Input.Take();
            }
            if (c == (byte)'~')
            {
                if (number == 1 || number == 7) Move(0);
                else if (number == 4 || number == 8) Move(_length);
                else if (number == 3 && _cursor < _length) { Delete(_cursor); ShowEdited(); }
                return;
            }
            switch (c)
            {
                case (byte)'A': Browse(+1); break;
                case (byte)'B': Browse(-1); break;
                case (byte)'C': if (_cursor < _length) Move(_cursor + 1); break;
                case (byte)'D': if (_cursor > 0) Move(_cursor - 1); break;
                case (byte)'H': Move(0); break;
                case (byte)'F': Move(_length); break;
                default: break;     // an escape sequence the shell does not know: ignored
            }
        }

        private void Insert(char c)
        {
            if (_length == MaxLine)
            {
                if (!_tooLongReported)
                {
                    Console.WriteLine();
                    Console.Write("shell: line too long (at most ");
                    Console.WriteDecimal(MaxLine);
                    Console.WriteLine(" characters); further characters are ignored");
                    _tooLongReported = true;
                    Redraw();
                }
                return;
            }
            for (int i = _length; i > _cursor; i--) _line[i] = _line[i - 1];
            _line[_cursor] = c;
            _length++;
            _cursor++;
            if (_cursor == _length) { Console.Write(c); _shown = _length; }
            else ShowEdited();
        }

        private void NonText(byte b)
        {
            if (_nonTextReported) return;
            _nonTextReported = true;
            Console.WriteLine();
            Console.Write("shell: ignored a byte that is not text (");
            Console.WriteHex(b);
            Console.WriteLine("); only printable ASCII goes into a command line");
            Redraw();
        }

        private void ReportDropped()
        {
            ulong dropped = Input.TakeDropped();
            if (dropped == 0) return;
            Console.WriteLine();
            Console.Write("shell: input overflow: ");
            Console.WriteDecimal(dropped);
            Console.WriteLine(" typed bytes were dropped");
            Redraw();
        }

        private void Delete(int at)
        {
            for (int i = at; i < _length - 1; i++) _line[i] = _line[i + 1];
            _length--;
        }

        private void Move(int to)
        {
            if (to == _cursor) return;
            _cursor = to;
            ShowEdited();
        }

        private void Browse(int step)
        {
            int next = _browse + step;
            if (next < 0 || next > _historyCount) return;
            if (_browse == 0) _saved = Current();
            _browse = next;
            Set(next == 0 ? _saved : History(next));
            ShowEdited();
        }

        private void Set(string s)
        {
            _length = s.Length < MaxLine ? s.Length : MaxLine;
            for (int i = 0; i < _length; i++) _line[i] = s[i];
            _cursor = _length;
        }

        private string Current()
        {
            byte[] bytes = new byte[_length];
            for (int i = 0; i < _length; i++) bytes[i] = (byte)_line[i];
            string s = Text.FromBytes(bytes);
            Veridian.Runtime.Allocator.Free(bytes);
            return s;
        }

        private void Remember(string line)
        {
            bool blank = true;
            for (int i = 0; i < line.Length && blank; i++) blank = line[i] == ' ';
            if (blank) return;
            if (_historyCount > 0 && History(1) == line) return;
            _history[_historyNewest] = line;
            _historyNewest = (_historyNewest + 1) % HistorySize;
            if (_historyCount < HistorySize) _historyCount++;
        }

        // The edited line on a new line (the console cannot move back: see the class comment).
        // The line is redrawn in place: a carriage return, the prompt and the line, blanks over
        // whatever a longer line left behind, then prompt and line again up to the cursor, which
        // leaves the terminal's cursor where the next key goes. Only '\r' is needed, so the
        // same bytes work on a serial terminal and on the kernel's screen console.
        private void ShowEdited()
        {
            Console.Write('\r');
            Redraw();
        }

        private void Redraw()
        {
            Console.Write(Prompt);
            for (int i = 0; i < _length; i++) Console.Write(_line[i]);
            int end = _length;
            for (; end < _shown; end++) Console.Write(' ');
            _shown = _length;
            if (_cursor == end) return;
            Console.Write('\r');
            Console.Write(Prompt);
            for (int i = 0; i < _cursor; i++) Console.Write(_line[i]);
        }
    }
}
