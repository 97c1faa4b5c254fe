# SPDX-License-Identifier: GPL-2.0
# mm-errors workbench. Each target runs one script in workbench/.
#   make run      apply the series to a kernel, build and run every suite, print the table
#   make check    the tests: run + workbench checks + series checks (checkpatch,
#                 git am round trip, get_maintainer, htmldocs, a build after
#                 each patch)
#   make check-workbench  the workbench's bad-input checks
#   make bench    time make check cold, warm and after touching a test file,
#                 and run every kernel mutant in bench/mutants (about an hour)
#   make fresh    make run and make check in a minimal Debian 12 chroot
#   make kernels  the kselftests on Debian's own built kernels (6.12, 7.x, 7.3)
#   make variants the KUnit suites on arm64 16K/64K pages, arm HIGHMEM, nommu
#   make flakes   every suite 20 times in a row, the VM also under load
#   make teardown the fixtures' teardown after SIGKILLs at random points
#   make debug    the suites on a KASAN/KFENCE/kmemleak/lockdep kernel
#   make lava-run lava.py's KUnit (x86_64, arm64) and two LKDTM jobs run by LAVA's
#                 lava-run (QEMU TCG) on make kunit's kernels, compared with their verdict
# Variables: KDIR=<kernel tree> (default: Debian's linux-source-7.3),
# ARCHES="um x86_64 i386 arm64 arm riscv powerpc s390", WORK=<kernel copy and builds>, OUT=<results>,
# BENCH=all|time|mutants, BENCH_RUNS=<runs per timing, at least 3>,
# FLAKE_RUNS=<runs, default 20>, TEARDOWN_RUNS=<kills per fixture, default 50>.

export KDIR ARCHES WORK OUT JOBS VM_TIMEOUT BENCH BENCH_RUNS FLAKE_RUNS TEARDOWN_RUNS

.PHONY: run check kernel apply kunit vm crash report series refresh check-workbench mutant bench fresh kernels variants flakes teardown debug lava-run clean

run:
	@workbench/run.sh
check:
	@workbench/run.sh --check
kernel:
	@workbench/get-kernel.sh
apply: kernel
	@workbench/apply.sh
kunit: apply
	@workbench/kunit.sh
vm:
	@workbench/vm.sh
crash:
	@workbench/crash.sh
report:
	@workbench/report.py
series: apply
	@workbench/mkseries.sh
refresh:
	@workbench/refresh.sh
check-workbench:
	@workbench/check-workbench.sh
mutant:
	@workbench/mutant.sh $(M) $(or $(A),um)
bench: apply
	@workbench/bench.sh
fresh:
	@workbench/fresh.sh
kernels: apply
	@workbench/kernels.sh
variants: apply
	@workbench/variants.sh
flakes: apply
	@workbench/flakes.sh
teardown: apply
	@workbench/teardown.sh
debug: apply
	@workbench/debug.sh
lava-run:
	@workbench/lava-run.sh
clean:
	rm -rf out work
