"""Runs a command on a pseudo-terminal of a given size and reports what it wrote there, with times.

python3 pty-run.py --cols 80 --rows 24 [--stdout FILE] [--interrupt-on TEXT --interrupt-delay S] [--timeout S] -- CMD ARGS...

The command's stdin and stderr are the terminal; its stdout too unless --stdout names a file.
With --interrupt-on, Ctrl-C is typed on the terminal (the line discipline sends SIGINT to the
command) once TEXT has appeared and S more seconds have passed. Prints one JSON object:
{"status": exit code (or -signal, or null on timeout), "chunks": [[ms since start, base64], ...]}.
"""
import argparse, base64, fcntl, json, os, pty, select, signal, struct, sys, termios, time

parser = argparse.ArgumentParser()
parser.add_argument("--cols", type=int, default=80)
parser.add_argument("--rows", type=int, default=24)
parser.add_argument("--stdout")
parser.add_argument("--interrupt-on")
parser.add_argument("--interrupt-delay", type=float, default=0.0)
parser.add_argument("--timeout", type=float, default=120.0)
parser.add_argument("command", nargs=argparse.REMAINDER)
args = parser.parse_args()
command = args.command[1:] if args.command[:1] == ["--"] else args.command

pid, master = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", args.rows, args.cols, 0, 0))
    if args.stdout:
        out = os.open(args.stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.close(out)
    os.execvp(command[0], command)

start = time.monotonic()
chunks, seen, trigger_at, interrupted = [], b"", None, False
status = None
while True:
    now = time.monotonic()
    if now - start > args.timeout:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        break
    if args.interrupt_on and not interrupted:
        if trigger_at is None and args.interrupt_on.encode() in seen:
            trigger_at = now + args.interrupt_delay
        if trigger_at is not None and now >= trigger_at:
            os.write(master, b"\x03")
            interrupted = True
    ready, _, _ = select.select([master], [], [], 0.05)
    if not ready:
        continue
    try:
        data = os.read(master, 65536)
    except OSError:
        data = b""
    if not data:
        _, raw = os.waitpid(pid, 0)
        status = os.waitstatus_to_exitcode(raw)
        break
    chunks.append([round((time.monotonic() - start) * 1000, 1), base64.b64encode(data).decode()])
    seen = (seen + data)[-4096:]
json.dump({"status": status, "chunks": chunks}, sys.stdout)
