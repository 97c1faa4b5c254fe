# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for a nommu kernel: riscv64 in M-mode on QEMU's
# virt machine, no OpenSBI (arch/riscv/configs/nommu_virt_defconfig).
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='riscv',
			   kconfig='''
CONFIG_NONPORTABLE=y
# CONFIG_MMU is not set
CONFIG_ARCH_VIRT=y
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_SERIAL_OF_PLATFORM=y''',
			   qemu_arch='riscv64',
			   kernel_path='arch/riscv/boot/Image',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=[
					   '-machine', 'virt',
					   '-cpu', 'rv64',
					   '-bios', 'none'])
