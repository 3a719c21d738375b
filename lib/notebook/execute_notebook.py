"""Executes a Jupyter notebook cell by cell, the way `deno task nb` needs it.

Run by lib/notebook/execute_notebook.ts with the Python that has Jupyter (on Debian
/usr/bin/python3 with jupyter-client and python3-nbformat). It reads the notebook (already holding
its injected parameters) from --input ("-" for stdin), starts the kernel with jupyter_client's
KernelManager in --cwd, executes the code cells in order, writes the executed notebook to --output
(also after a failure, with the outputs so far), and prints one JSON line on stdout: the outcome.
Progress lines go to stderr.

Why not nbclient: nbclient (0.7.2 here, and later versions alike) ends a cell at the kernel's
`status: idle` message and ignores iopub messages of earlier cells afterwards. The Deno kernel
sometimes publishes a cell's output just after its idle status, so nbclient drops that output
silently. This driver files every iopub message under the cell whose request it answers (its
parent header's msg_id), and after idle it keeps reading until no message for that cell has
arrived for --grace-ms (at most --grace-max-ms after idle) before it sends the next cell. Waiting
before the next request matters: the Deno kernel tags output written by a timer with the request
it is serving when the output is written, so output that arrives after the next request was sent
is filed under the next cell.

Dying with the runner: with --watch-stdin the notebook is the first line of stdin and the pipe
stays open; when it closes (the runner exited, even by SIGKILL) the driver kills the kernel's
process group (the kernel and anything it started, e.g. a bench run) and exits. The driver moves
to its own session first, so that a SIGKILL sent to the runner's process group (`kill -9 -PGID`
of `deno task nb`) reaches the runner and not the driver, which then cleans up. Should the
driver itself be killed, the kernel gets SIGKILL too (Linux PR_SET_PDEATHSIG, set before the
kernel starts).

Exit codes: 0 every cell ran, 1 a cell failed or the kernel did, 3 Jupyter is not usable here,
143 the runner went away.
"""

import argparse
import json
import os
import queue
import signal
import sys
import threading
import time

OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error", "update_display_data")


def _emit(outcome):
    sys.stdout.write(json.dumps(outcome) + "\n")
    sys.stdout.flush()


def _progress(line):
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, help='notebook file, or "-" for stdin')
    parser.add_argument("--output", required=True, help="where the executed notebook is written")
    parser.add_argument("--cwd", required=True, help="the kernel's working directory")
    parser.add_argument("--kernel", required=True, help="kernelspec name, e.g. deno")
    parser.add_argument("--start-timeout", type=float, default=60.0, help="seconds")
    parser.add_argument("--cell-timeout", type=float, default=0.0, help="seconds; 0 means none")
    parser.add_argument("--grace-ms", type=float, default=100.0,
                        help="after idle, wait until the cell was quiet this long")
    parser.add_argument("--grace-max-ms", type=float, default=2000.0,
                        help="after idle, wait at most this long")
    parser.add_argument("--log-output", action="store_true", help="echo outputs to stderr")
    parser.add_argument("--watch-stdin", action="store_true",
                        help='with --input=-: the notebook is the first line of stdin; stop '
                             'everything when stdin closes')
    return parser.parse_args(argv)


class _CellRun:
    """The outputs of one executed cell, and when its messages came."""

    def __init__(self, index, cell):
        self.index = index
        self.cell = cell
        self.idle_at = None
        self.last_message_at = None
        self.clear_on_next_output = False
        self.error = None


class _Collector:
    """Files iopub messages under the cell whose request they answer."""

    def __init__(self, v4, log_output):
        self.v4 = v4
        self.log_output = log_output
        self.runs = {}
        self.display_outputs = {}
        self.late_outputs = 0
        self.max_late_ms = 0.0

    def handle(self, msg, now):
        run = self.runs.get(msg.get("parent_header", {}).get("msg_id"))
        if run is None:
            return None
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "status" and content.get("execution_state") == "idle":
            run.idle_at = now
            return run
        if kind not in OUTPUT_TYPES and kind != "clear_output":
            return run
        run.last_message_at = now
        if run.idle_at is not None:
            self.late_outputs += 1
            self.max_late_ms = max(self.max_late_ms, (now - run.idle_at) * 1000.0)
        if kind == "clear_output":
            if content.get("wait"):
                run.clear_on_next_output = True
            else:
                run.cell.outputs = []
            return run
        if kind == "update_display_data":
            display_id = content.get("transient", {}).get("display_id")
            for output in self.display_outputs.get(display_id, []):
                output["data"] = content.get("data", {})
                output["metadata"] = content.get("metadata", {})
            return run
        if run.clear_on_next_output:
            run.cell.outputs = []
            run.clear_on_next_output = False
        if kind == "error":
            run.error = {"ename": content.get("ename", ""), "evalue": content.get("evalue", "")}
        self._log(kind, content)
        outputs = run.cell.outputs
        if kind == "stream" and outputs and outputs[-1].get("output_type") == "stream" \
                and outputs[-1].get("name") == content.get("name"):
            outputs[-1]["text"] += content.get("text", "")
            return run
        output = self.v4.output_from_msg(msg)
        outputs.append(output)
        display_id = content.get("transient", {}).get("display_id")
        if display_id:
            self.display_outputs.setdefault(display_id, []).append(output)
        return run

    def _log(self, kind, content):
        if not self.log_output:
            return
        if kind == "stream":
            sys.stderr.write(content.get("text", ""))
        elif kind == "error":
            sys.stderr.write("\n".join(content.get("traceback", [])) + "\n")
        else:
            types = ", ".join(sorted(content.get("data", {}).keys()))
            sys.stderr.write("[%s: %s]\n" % (kind, types))
        sys.stderr.flush()


def _load_prctl():
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


# Looked up before any fork: the kernel's preexec_fn only calls it.
_PRCTL = _load_prctl()
_PR_SET_PDEATHSIG = 1
_DRIVER_PID = os.getpid()


def _die_with_parent():
    """Runs in the kernel's process before exec: SIGKILL it when this driver dies (Linux)."""
    if _PRCTL is None:
        return
    _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != _DRIVER_PID:
        # The driver died before prctl took effect.
        os.kill(os.getpid(), signal.SIGKILL)


def _watch_stdin(km):
    """Stops the kernel and this driver when stdin closes: the runner is gone."""
    fd = sys.stdin.fileno()

    def watch():
        # The raw descriptor, not sys.stdin: a daemon thread blocked inside a buffered reader
        # holds its lock, which aborts the interpreter's shutdown.
        try:
            while os.read(fd, 65536):
                pass
        except OSError:
            pass
        try:
            pgid = getattr(km.provisioner, "pgid", None) if km.has_kernel else None
            if pgid:
                os.killpg(pgid, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
        os._exit(143)

    threading.Thread(target=watch, name="watch-stdin", daemon=True).start()


def _write_notebook(nbformat, nb, path):
    temporary = path + ".tmp-%d" % os.getpid()
    with open(temporary, "w", encoding="utf-8") as file:
        nbformat.write(nb, file)
    os.replace(temporary, path)


def _run_cell(kc, km, collector, run, source, options):
    """Executes one cell; returns (reply content or None, failure dict or None)."""
    msg_id = kc.execute(source, store_history=True, allow_stdin=False, stop_on_error=True)
    collector.runs[msg_id] = run
    started = time.monotonic()
    reply = None
    next_alive_check = started + 1.0
    while reply is None or run.idle_at is None:
        now = time.monotonic()
        if options.cell_timeout > 0 and now - started > options.cell_timeout:
            try:
                km.interrupt_kernel()
            except Exception:  # noqa: BLE001 - the timeout is what gets reported
                pass
            return None, {"kind": "timeout", "timeoutSeconds": options.cell_timeout}
        if now >= next_alive_check:
            next_alive_check = now + 1.0
            if not km.is_alive():
                return None, {"kind": "kernel-died"}
        try:
            collector.handle(kc.get_iopub_msg(timeout=0.05), time.monotonic())
        except queue.Empty:
            pass
        if reply is None:
            try:
                message = kc.get_shell_msg(timeout=0.001)
                if message.get("parent_header", {}).get("msg_id") == msg_id:
                    reply = message["content"]
            except queue.Empty:
                pass
    # The grace period: the Deno kernel may still publish this cell's output after idle.
    hard_deadline = run.idle_at + options.grace_max_ms / 1000.0
    while True:
        now = time.monotonic()
        quiet_since = max(run.idle_at, run.last_message_at or run.idle_at)
        deadline = min(hard_deadline, quiet_since + options.grace_ms / 1000.0)
        if now >= deadline:
            break
        try:
            collector.handle(kc.get_iopub_msg(timeout=deadline - now), time.monotonic())
        except queue.Empty:
            pass
    return reply, None


def main(argv):
    options = _parse_args(argv)
    if options.watch_stdin:
        try:
            os.setsid()
        except OSError:
            pass  # already a session leader
    try:
        import nbformat
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
        from jupyter_client.manager import KernelManager
    except ImportError as error:
        _emit({"ok": False, "kind": "missing-jupyter", "detail": str(error),
               "python": sys.executable})
        return 3

    try:
        KernelSpecManager().get_kernel_spec(options.kernel)
    except NoSuchKernel:
        known = sorted(KernelSpecManager().find_kernel_specs().keys())
        _emit({"ok": False, "kind": "no-kernel", "kernel": options.kernel, "known": known})
        return 3

    if options.input == "-" and options.watch_stdin:
        nb = nbformat.reads(sys.stdin.buffer.readline().decode("utf-8"), as_version=4)
    elif options.input == "-":
        nb = nbformat.read(sys.stdin, as_version=4)
    else:
        nb = nbformat.read(options.input, as_version=4)
    code_cells = [(index, cell) for index, cell in enumerate(nb.cells)
                  if cell.cell_type == "code"]
    for _, cell in code_cells:
        cell.outputs = []
        cell.execution_count = None

    # A SIGTERM from the parent must still shut the kernel down (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    km = KernelManager(kernel_name=options.kernel)
    kc = None
    kernel_ready = False
    collector = None
    outcome = None
    try:
        try:
            km.start_kernel(cwd=options.cwd, preexec_fn=_die_with_parent)
            if options.watch_stdin:
                _watch_stdin(km)
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=options.start_timeout)
        except Exception as error:  # noqa: BLE001 - reported as the outcome
            outcome = {"ok": False, "kind": "kernel-start", "detail": str(error),
                       "timeoutSeconds": options.start_timeout}
            return 1
        kernel_ready = True
        info = kc.kernel_info(reply=True, timeout=options.start_timeout)["content"]
        if "language_info" in info:
            nb.metadata["language_info"] = info["language_info"]

        collector = _Collector(nbformat.v4, options.log_output)
        runnable = [(index, cell) for index, cell in code_cells if cell.source.strip()]
        for done, (index, cell) in enumerate(runnable, start=1):
            cell_started = time.monotonic()
            run = _CellRun(index, cell)
            reply, failure = _run_cell(kc, km, collector, run, cell.source, options)
            seconds = time.monotonic() - cell_started
            if reply is not None:
                cell.execution_count = reply.get("execution_count")
            if failure is None and reply.get("status") == "error" \
                    and "raises-exception" not in cell.metadata.get("tags", []):
                error = run.error or {"ename": reply.get("ename", ""),
                                      "evalue": reply.get("evalue", "")}
                failure = {"kind": "cell-error", **error}
            if failure is not None:
                _progress("nb: [%d/%d] cell %d FAILED after %.1f s"
                          % (done, len(runnable), index + 1, seconds))
                outcome = {"ok": False, "cell": index + 1,
                           "executionCount": cell.execution_count, **failure}
                return 1
            _progress("nb: [%d/%d] cell %d done in %.1f s"
                      % (done, len(runnable), index + 1, seconds))
        outcome = {"ok": True, "cells": len(runnable)}
        return 0
    finally:
        if kc is not None:
            kc.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=outcome is None or outcome.get("kind") == "timeout")
        if outcome is not None:
            if kernel_ready:
                _write_notebook(nbformat, nb, options.output)
            outcome["durationSeconds"] = round(time.monotonic() - started, 3)
            if collector is not None:
                outcome["lateOutputs"] = collector.late_outputs
                outcome["maxLateMs"] = round(collector.max_late_ms, 3)
            _emit(outcome)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
