#!/usr/bin/env bash
# torch for the PRM scoring script's Python unit tests (test/python/, run by
# test/unit/runs/prm-score-script.test.ts). Idempotent: does nothing when the interpreter the
# tests use already imports torch; otherwise installs Debian's python3-torch, which serves
# Debian's /usr/bin/python3 (a pyenv or venv python3 on PATH would not see it).
# AGENTARK_PYTHON names another interpreter; then a missing torch is for its owner to install.
set -euo pipefail

PYTHON="${AGENTARK_PYTHON:-/usr/bin/python3}"

has_torch() { "$PYTHON" -c 'import torch' >/dev/null 2>&1; }

if has_torch; then
  echo "python-torch.sh: $PYTHON already imports torch $("$PYTHON" -c 'import torch; print(torch.__version__)')"
  exit 0
fi
if [ -n "${AGENTARK_PYTHON:-}" ]; then
  echo "python-torch.sh: $PYTHON cannot import torch; install it for that interpreter" >&2
  exit 1
fi
echo "python-torch.sh: installing Debian's python3-torch for $PYTHON"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
has_torch || { echo "python-torch.sh: python3-torch installed but $PYTHON still cannot import torch" >&2; exit 1; }
echo "python-torch.sh: $PYTHON imports torch $("$PYTHON" -c 'import torch; print(torch.__version__)')"
