#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Regenerate series/ + the overlay from the commits on $WORK/linux's branch
# (edit, commit or rebase there, then run this).
. "$(dirname "$0")/lib.sh"
need_tree
python3 "$WB/series.py" refresh "$TREE"
