# SPDX-License-Identifier: GPL-2.0
# mm-errors workbench: each target runs one script in workbench/. "make help"
# lists them from the "##" comments below (one per target; .PHONY targets
# without one fail make check); workbench/README.md is the reference.

## KDIR=<kernel tree> (default: Debian's linux-source-7.3)
## ARCHES="um x86_64 i386 arm64 arm riscv powerpc s390"  JOBS=<make -j, default: nproc>
## WORK=<kernel copy and builds, default work/>  OUT=<results, default out/>
## VM_TIMEOUT=<seconds before a hung VM is killed, default 120>  VM_ARCH=i386 (make vm)
## BENCH=all|time|mutants  BENCH_RUNS=<runs per timing, at least 3>
## FLAKE_RUNS=<runs, default 20>  TEARDOWN_RUNS=<kills per fixture, default 50>
## KERNEL_URL= ROOTFS_URL= KSELFTEST_URL= DTB_URL= (make lava; templates with {arch}, {image})
## MUTATE_SAMPLE=<n mutants, default all>  MUTATE_ONLY=<regex>  MUTATE_MODES="um x86_64 vm crash"  MUTATE_AGAIN=1 (make mutate)
## BOARD=<the board's device type>  LAVA_CONFIG=<a .config; empty: the kunitconfigs alone>

LAVA_CONFIG ?= $(or $(WORK),work)/build/{arch}/.config
export KDIR ARCHES WORK OUT JOBS VM_TIMEOUT BENCH BENCH_RUNS FLAKE_RUNS TEARDOWN_RUNS
export MUTATE_SAMPLE MUTATE_ONLY MUTATE_MODES MUTATE_SEED MUTATE_AGAIN

.PHONY: run check kernel apply kunit vm crash report series refresh check-workbench mutant mutate bench fresh kernels variants flakes teardown debug lava lava-run clean help

run: ## apply the series, build and run every suite on every arch, print the table
	@workbench/run.sh
check: ## the tests, as CI runs them: make run + workbench, series and robot checks
	@workbench/run.sh --check
kernel: ## prepare work/linux from KDIR or Debian's linux-source-7.3
	@workbench/get-kernel.sh
apply: kernel ## commit the series onto the baseline as branch mm-errors
	@workbench/apply.sh
kunit: apply ## build and run the KUnit suites on ARCHES
	@workbench/kunit.sh
vm: ## the test modules and kselftests in a QEMU VM, on the x86_64 kernel
	@workbench/vm.sh
crash: ## one throwaway VM per LKDTM crash type of workbench/crash.tsv
	@workbench/crash.sh
report: ## print the results table again from OUT
	@workbench/report.py
series: apply ## the mails in out/series/, checkpatch --strict, git am round trip
	@workbench/mkseries.sh
refresh: ## write series/ and the overlay back from the commits in work/linux
	@workbench/refresh.sh
check-workbench: ## the workbench's bad-input checks
	@workbench/check-workbench.sh
mutant: ## M=bench/mutants/X.patch A=<arch|vm|crash>: which test catches it
	@workbench/mutant.sh $(M) $(or $(A),um)
mutate: apply ## the mutation score: operator mutants of every function the tests guard
	@workbench/mutate.sh
bench: apply ## time make check cold, warm, touched; every mutant (about an hour)
	@workbench/bench.sh
fresh: ## make run and make check in a new minimal Debian 12 chroot (root)
	@workbench/fresh.sh
kernels: apply ## the kselftests on Debian's own built x86_64 and arm64 kernels
	@workbench/kernels.sh
variants: apply ## KUnit on arm64 16K/64K pages, arm HIGHMEM, riscv64 nommu
	@workbench/variants.sh
flakes: apply ## every suite FLAKE_RUNS times in a row, the VM also under load
	@workbench/flakes.sh
teardown: apply ## each fixture SIGKILLed TEARDOWN_RUNS times; state must come back
	@workbench/teardown.sh
debug: apply ## the suites on a KASAN/KFENCE/kmemleak/lockdep/DEBUG_VM kernel
	@workbench/debug.sh
lava: apply ## write the LAVA jobs for this run's kernels to out/lava (ci/lava/README.md)
	@workbench/lava.py --config '$(LAVA_CONFIG)' --kernel-url '$(KERNEL_URL)' \
		--rootfs-url '$(ROOTFS_URL)' --kselftest-url '$(KSELFTEST_URL)' \
		--dtb-url '$(DTB_URL)' $(if $(BOARD),--board '$(BOARD)')
lava-run: ## run the KUnit and two LKDTM LAVA jobs here with LAVA's lava-run
	@workbench/lava-run.sh
clean: ## remove out/ and work/
	rm -rf out work
help: ## this list
	@awk 'BEGIN { FS = ":.*## "; print "usage: make TARGET [VARIABLE=value...]\n\ntargets:" } \
		/^[a-z][a-z-]*:.*## / { printf "  %-16s %s\n", $$1, $$2 } \
		/^## / { vars = vars "  " substr($$0, 4) "\n" } \
		END { printf "\nvariables:\n%s", vars }' $(firstword $(MAKEFILE_LIST))
