#!/bin/sh
# Builds the reference pair: HQ-SAM 2.1 Hiera-L with random weights, exported to ONNX and checked
# against PyTorch by hqsam. Its graph, operators, shapes, memory and cost are the real model's; its
# masks mean nothing (model.json says `source: random-weights`, and hqsam warns when it segments with it).
# For compatibility checks and benchmarks only. Never commit it (870 MB).
#
# usage: tools/convert/make-reference-pair.sh SAM_HQ_REPO [OUT]
#   SAM_HQ_REPO  a clone of https://github.com/SysCV/sam-hq (its sam-hq2/ folder is used as it is)
#   OUT          where the pair goes (default: models/reference)
#
# Needs, on Debian 12 (run as root or with sudo):
#   apt-get install python3-torch python3-onnx python3-omegaconf python3-tqdm libopenblas0-pthread
# libopenblas0-pthread matters: without it Debian's torch uses the reference BLAS and the encoder's
# export runs for many minutes instead of about two (peak memory about 6 GB).
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 SAM_HQ_REPO [OUT]" >&2
    exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sources="$1/sam-hq2"
out="${2:-$root/models/reference}"
python=/usr/bin/python3   # Debian's interpreter, where python3-torch lives (not a pyenv/venv shim)

if [ ! -d "$sources/sam2/modeling" ]; then
    echo "$0: $sources is not the sam-hq2 folder of SysCV/sam-hq (no sam2/modeling inside)" >&2
    exit 2
fi

for module in torch onnx omegaconf tqdm; do
    if ! "$python" -c "import $module" 2>/dev/null; then
        echo "$0: $python cannot import $module; apt-get install python3-torch python3-onnx python3-omegaconf python3-tqdm libopenblas0-pthread" >&2
        exit 2
    fi
done

if ! "$python" -c "import torch, sys; sys.exit(0 if 'BLAS_INFO=generic' not in torch.__config__.show() else 1)" 2>/dev/null \
   && [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] && [ ! -e /usr/lib/aarch64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
    echo "$0: warning: libopenblas0-pthread is not installed; the export will be very slow" >&2
fi

"$python" "$here/export_hq_sam2.py" --sam-hq2 "$sources" --random-weights --out "$out"

# The pair against PyTorch's own outputs (parity/), its manifest and the contract, through hqsam itself.
dotnet run --project "$root/Cli" -c Release -- models verify "$out"
