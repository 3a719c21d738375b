"""Checks that executed notebooks hold every output in its own cell, and runs a notebook the way
JupyterLab's and VS Code's "Run All" do. Used by scripts/measure_notebooks.sh and the notebook
tests; needs Debian's python3 with jupyter-client and python3-nbformat (/usr/bin/python3).

  notebook_outputs.py check REFERENCE RUN...
      Compares each RUN with REFERENCE (the same notebook run by `deno task nb`, which files
      every output by the request it answers and keeps late ones): per code cell, the outputs'
      kinds and media types must be the same, in the same order. Prints one line per run, then
      a JSON summary line: {"runs": N, "wrong": W, "lost": L, "misfiled": M}. Exit 1 if any run
      is wrong.

  notebook_outputs.py run-all NOTEBOOK OUT [--timeout S]
      Starts the notebook's kernel in the notebook's folder, sends every code cell at once
      (a Run All queue), and files each IOPub message under the cell whose request it answers
      until that request has both its reply and its idle status, as JupyterLab's and VS Code's
      kernel futures do: later messages are dropped. Writes the executed notebook to OUT.
"""

import argparse
import json
import os
import queue
import sys
import time


def _signature(cell):
    """The kinds of a code cell's outputs, consecutive streams of one name merged."""
    kinds = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            entry = "stream:" + output.get("name", "")
            if kinds and kinds[-1] == entry:
                continue
        elif kind in ("display_data", "execute_result"):
            entry = kind + "[" + ",".join(sorted(output.get("data", {}))) + "]"
        else:
            entry = kind
        kinds.append(entry)
    return kinds


def _code_cells(notebook):
    return [(index, cell) for index, cell in enumerate(notebook["cells"])
            if cell["cell_type"] == "code"]


def _compare(reference, run):
    """Problems of `run` against `reference`, and the outputs lost and misfiled."""
    problems = []
    lost = misfiled = 0
    ref_cells = _code_cells(reference)
    run_cells = _code_cells(run)
    if len(ref_cells) != len(run_cells):
        return [f"{len(run_cells)} code cells, reference {len(ref_cells)}"], 0, 0
    for (index, ref_cell), (_, run_cell) in zip(ref_cells, run_cells):
        want = _signature(ref_cell)
        got = _signature(run_cell)
        errors = [o for o in run_cell.get("outputs", []) if o["output_type"] == "error"]
        if errors:
            problems.append(f"cell {index + 1}: error {errors[0].get('ename')}: "
                            f"{errors[0].get('evalue', '')[:120]}")
        if want == got:
            continue
        missing = len(want) - len(got)
        if missing > 0:
            lost += missing
        else:
            misfiled += -missing
        problems.append(f"cell {index + 1}: {len(got)} outputs {got[:4]}..., "
                        f"reference {len(want)} {want[:4]}...")
    # An output that left one cell and reached another counts once, as misfiled.
    moved = min(lost, misfiled)
    return problems, lost - moved, misfiled


def check(reference_path, run_paths):
    with open(reference_path, encoding="utf-8") as file:
        reference = json.load(file)
    totals = {"runs": 0, "wrong": 0, "lost": 0, "misfiled": 0}
    for path in run_paths:
        totals["runs"] += 1
        try:
            with open(path, encoding="utf-8") as file:
                run = json.load(file)
        except (OSError, ValueError) as error:
            print(f"{path}: WRONG: unreadable ({error})")
            totals["wrong"] += 1
            continue
        problems, lost, misfiled = _compare(reference, run)
        totals["lost"] += lost
        totals["misfiled"] += misfiled
        if problems:
            totals["wrong"] += 1
            print(f"{path}: WRONG: " + "; ".join(problems))
        else:
            print(f"{path}: ok")
    print(json.dumps(totals))
    return 1 if totals["wrong"] else 0


class _Cell:
    def __init__(self, cell):
        self.cell = cell
        self.reply = None
        self.idle = False
        self.clear_on_next = False

    @property
    def done(self):
        return self.reply is not None and self.idle


def run_all(notebook_path, out_path, timeout):
    import nbformat
    from jupyter_client.manager import KernelManager

    notebook = nbformat.read(notebook_path, as_version=4)
    kernel = notebook.metadata.get("kernelspec", {}).get("name", "deno")
    km = KernelManager(kernel_name=kernel)
    km.start_kernel(cwd=os.path.dirname(os.path.abspath(notebook_path)))
    kc = km.client()
    kc.start_channels()
    dropped = 0
    try:
        kc.wait_for_ready(timeout=60)
        requests = {}
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            cell.execution_count = None
            if cell.source.strip():
                msg_id = kc.execute(cell.source, store_history=True, allow_stdin=False,
                                    stop_on_error=True)
                requests[msg_id] = _Cell(cell)
        displays = {}
        deadline = time.monotonic() + timeout
        while not all(request.done for request in requests.values()):
            if time.monotonic() > deadline:
                raise TimeoutError(f"run-all: not done within {timeout} s")
            try:
                reply = kc.get_shell_msg(timeout=0.01)
                request = requests.get(reply["parent_header"].get("msg_id"))
                if request is not None:
                    request.reply = reply["content"]
                    request.cell.execution_count = reply["content"].get("execution_count")
            except queue.Empty:
                pass
            try:
                message = kc.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                continue
            request = requests.get(message["parent_header"].get("msg_id"))
            if request is None:
                continue
            if request.done:
                dropped += 1
                continue
            _file(nbformat, request, message, displays)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    nbformat.write(notebook, out_path)
    print(json.dumps({"notebook": notebook_path, "out": out_path, "droppedLate": dropped}))
    return 0


def _file(nbformat, request, message, displays):
    """Files one IOPub message like a front end's output area."""
    kind = message["msg_type"]
    content = message["content"]
    if kind == "status":
        if content.get("execution_state") == "idle":
            request.idle = True
        return
    outputs = request.cell.outputs
    if kind == "clear_output":
        if content.get("wait"):
            request.clear_on_next = True
        else:
            outputs.clear()
        return
    if kind == "update_display_data":
        display_id = content.get("transient", {}).get("display_id")
        for output in displays.get(display_id, []):
            output["data"] = content.get("data", {})
            output["metadata"] = content.get("metadata", {})
        return
    if kind not in ("stream", "display_data", "execute_result", "error"):
        return
    if request.clear_on_next:
        outputs.clear()
        request.clear_on_next = False
    output = nbformat.v4.output_from_msg(message)
    outputs.append(output)
    display_id = content.get("transient", {}).get("display_id")
    if display_id:
        displays.setdefault(display_id, []).append(output)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check")
    check_parser.add_argument("reference")
    check_parser.add_argument("runs", nargs="+")
    run_parser = commands.add_parser("run-all")
    run_parser.add_argument("notebook")
    run_parser.add_argument("out")
    run_parser.add_argument("--timeout", type=float, default=600.0)
    options = parser.parse_args(argv)
    if options.command == "check":
        return check(options.reference, options.runs)
    return run_all(options.notebook, options.out, options.timeout)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
