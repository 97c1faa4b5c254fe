#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Commit series/ + the overlay onto the baseline of $WORK/linux, as branch
# mm-errors. A patch that does not apply stops the run and leaves the tree
# as it was.
. "$(dirname "$0")/lib.sh"
need_tree
python3 "$WB/series.py" apply "$TREE"
