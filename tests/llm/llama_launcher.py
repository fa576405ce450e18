"""Start llama-cpp-python's OpenAI-compatible server without ggml's AMX kernels.

``python tests/llm/llama_launcher.py --model M.gguf --host 127.0.0.1 --port P ...`` takes the
arguments of ``python -m llama_cpp.server``.

Why: the llama-cpp-python wheel is compiled with ``GGML_NATIVE``, so on a CPU that reports
AMX (Sapphire Rapids and later) ggml puts the weights in its AMX "extra buffer type" and runs
the matrix products with tile instructions. Those kernels request the AMX tile-data
permission in the main thread only, while the products run in OpenMP worker threads; under
Linux's per-thread XFD the first ``tilezero`` there is an illegal instruction and the whole
server process dies (SIGILL, exit code 132) at the first token. Streamed requests then end
right after the headers, which looked like a disconnect. ``use_extra_bufts = false`` (what
llama.cpp's ``--no-repack`` sets) keeps ggml on its plain AVX/AVX-512 kernels; nothing else
changes. llama-cpp-python 0.3.36 has no setting for it, hence this launcher.
"""

from __future__ import annotations

import runpy
from typing import Any

import llama_cpp.llama_cpp as native

_defaults = native.llama_model_default_params


def _without_extra_buffers() -> Any:  # a ctypes llama_model_params
    params = _defaults()
    params.use_extra_bufts = False
    return params


def main() -> None:
    native.llama_model_default_params = _without_extra_buffers
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
