/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The raw UEFI ABI that libefivmap touches: memory descriptors, their type
 * and attribute values, status codes, and the two configuration tables that
 * steer runtime mappings (Memory Attributes, RT_PROPERTIES).
 *
 * Values follow the UEFI 2.10 specification. Memory types are plain
 * uint32_t, not an enum: the OEM (0x70000000..0x7fffffff) and OS-loader
 * (0x80000000..0xffffffff) ranges are legal and show up on real machines.
 */
#ifndef EFIVMAP_EFI_H
#define EFIVMAP_EFI_H

#include "env.h"

#define EFIVMAP_EFI_PAGE_SHIFT 12
#define EFIVMAP_EFI_PAGE_SIZE  (UINT64_C(1) << EFIVMAP_EFI_PAGE_SHIFT)

/* Memory types (EFI_MEMORY_TYPE). */
#define EFIVMAP_EFI_RESERVED             0u
#define EFIVMAP_EFI_LOADER_CODE          1u
#define EFIVMAP_EFI_LOADER_DATA          2u
#define EFIVMAP_EFI_BOOT_SERVICES_CODE   3u
#define EFIVMAP_EFI_BOOT_SERVICES_DATA   4u
#define EFIVMAP_EFI_RUNTIME_SERVICES_CODE 5u
#define EFIVMAP_EFI_RUNTIME_SERVICES_DATA 6u
#define EFIVMAP_EFI_CONVENTIONAL         7u
#define EFIVMAP_EFI_UNUSABLE             8u
#define EFIVMAP_EFI_ACPI_RECLAIM         9u
#define EFIVMAP_EFI_ACPI_NVS             10u
#define EFIVMAP_EFI_MMIO                 11u
#define EFIVMAP_EFI_MMIO_PORT_SPACE      12u
#define EFIVMAP_EFI_PAL_CODE             13u
#define EFIVMAP_EFI_PERSISTENT           14u
#define EFIVMAP_EFI_UNACCEPTED           15u
#define EFIVMAP_EFI_MAX_STANDARD_TYPE    15u
#define EFIVMAP_EFI_OEM_TYPE_MIN         0x70000000u
#define EFIVMAP_EFI_OS_TYPE_MIN          0x80000000u

/* Memory attributes (EFI_MEMORY_*). */
#define EFIVMAP_EFI_MEMORY_UC            UINT64_C(0x0000000000000001)
#define EFIVMAP_EFI_MEMORY_WC            UINT64_C(0x0000000000000002)
#define EFIVMAP_EFI_MEMORY_WT            UINT64_C(0x0000000000000004)
#define EFIVMAP_EFI_MEMORY_WB            UINT64_C(0x0000000000000008)
#define EFIVMAP_EFI_MEMORY_UCE           UINT64_C(0x0000000000000010)
#define EFIVMAP_EFI_MEMORY_WP            UINT64_C(0x0000000000001000)
#define EFIVMAP_EFI_MEMORY_RP            UINT64_C(0x0000000000002000)
#define EFIVMAP_EFI_MEMORY_XP            UINT64_C(0x0000000000004000)
#define EFIVMAP_EFI_MEMORY_NV            UINT64_C(0x0000000000008000)
#define EFIVMAP_EFI_MEMORY_MORE_RELIABLE UINT64_C(0x0000000000010000)
#define EFIVMAP_EFI_MEMORY_RO            UINT64_C(0x0000000000020000)
#define EFIVMAP_EFI_MEMORY_SP            UINT64_C(0x0000000000040000)
#define EFIVMAP_EFI_MEMORY_CPU_CRYPTO    UINT64_C(0x0000000000080000)
#define EFIVMAP_EFI_MEMORY_HOT_PLUGGABLE UINT64_C(0x0000000000100000)
#define EFIVMAP_EFI_MEMORY_ISA_MASK      UINT64_C(0x0FFFF00000000000)
#define EFIVMAP_EFI_MEMORY_ISA_VALID     UINT64_C(0x4000000000000000)
#define EFIVMAP_EFI_MEMORY_RUNTIME       UINT64_C(0x8000000000000000)
/* Cacheability bits, used by the permission policy. */
#define EFIVMAP_EFI_MEMORY_CACHE_MASK \
	(EFIVMAP_EFI_MEMORY_UC | EFIVMAP_EFI_MEMORY_WC | \
	 EFIVMAP_EFI_MEMORY_WT | EFIVMAP_EFI_MEMORY_WB | EFIVMAP_EFI_MEMORY_UCE)
/* Every bit the specification defines; others are reported as unknown. */
#define EFIVMAP_EFI_MEMORY_KNOWN_MASK \
	(EFIVMAP_EFI_MEMORY_CACHE_MASK | EFIVMAP_EFI_MEMORY_WP | \
	 EFIVMAP_EFI_MEMORY_RP | EFIVMAP_EFI_MEMORY_XP | EFIVMAP_EFI_MEMORY_NV | \
	 EFIVMAP_EFI_MEMORY_MORE_RELIABLE | EFIVMAP_EFI_MEMORY_RO | \
	 EFIVMAP_EFI_MEMORY_SP | EFIVMAP_EFI_MEMORY_CPU_CRYPTO | \
	 EFIVMAP_EFI_MEMORY_HOT_PLUGGABLE | EFIVMAP_EFI_MEMORY_ISA_MASK | \
	 EFIVMAP_EFI_MEMORY_ISA_VALID | EFIVMAP_EFI_MEMORY_RUNTIME)

/* The only descriptor version the specification has ever defined. */
#define EFIVMAP_EFI_DESC_VERSION 1u

/*
 * EFI_MEMORY_DESCRIPTOR. Firmware hands out arrays of these at a stride of
 * desc_size, which is often larger than this struct (EDK2: 48). Never index
 * an array of them with sizeof; use efivmap_mmap_get().
 */
struct efivmap_efi_desc {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t num_pages;
	uint64_t attribute;
};
EFIVMAP_STATIC_ASSERT(sizeof(struct efivmap_efi_desc) == 40,
		      "EFI_MEMORY_DESCRIPTOR is 40 bytes");
#define EFIVMAP_EFI_DESC_MIN_SIZE 40u

/* EFI_STATUS: 64-bit on AArch64, with the top bit marking an error. */
typedef uint64_t efivmap_efi_status;
#define EFIVMAP_EFI_ERROR_BIT        UINT64_C(0x8000000000000000)
#define EFIVMAP_EFI_SUCCESS          UINT64_C(0)
#define EFIVMAP_EFI_LOAD_ERROR       (EFIVMAP_EFI_ERROR_BIT | 1)
#define EFIVMAP_EFI_INVALID_PARAMETER (EFIVMAP_EFI_ERROR_BIT | 2)
#define EFIVMAP_EFI_UNSUPPORTED      (EFIVMAP_EFI_ERROR_BIT | 3)
#define EFIVMAP_EFI_BUFFER_TOO_SMALL (EFIVMAP_EFI_ERROR_BIT | 5)
#define EFIVMAP_EFI_DEVICE_ERROR     (EFIVMAP_EFI_ERROR_BIT | 7)
#define EFIVMAP_EFI_OUT_OF_RESOURCES (EFIVMAP_EFI_ERROR_BIT | 9)
#define EFIVMAP_EFI_NOT_FOUND        (EFIVMAP_EFI_ERROR_BIT | 14)

/* A VirtualStart that Linux reads as "SetVirtualAddressMap failed". */
#define EFIVMAP_EFI_VA_INVALID UINT64_MAX

struct efivmap_efi_guid {
	uint32_t d1;
	uint16_t d2;
	uint16_t d3;
	uint8_t d4[8];
};

/* EFI_MEMORY_ATTRIBUTES_TABLE_GUID dcfa911d-26eb-469f-a220-38b7dc461220 */
#define EFIVMAP_EFI_MAT_GUID \
	{ 0xdcfa911d, 0x26eb, 0x469f, \
	  { 0xa2, 0x20, 0x38, 0xb7, 0xdc, 0x46, 0x12, 0x20 } }
/* EFI_RT_PROPERTIES_TABLE_GUID eb66918a-7eef-402a-842e-931d21c38ae9 */
#define EFIVMAP_EFI_RT_PROPERTIES_GUID \
	{ 0xeb66918a, 0x7eef, 0x402a, \
	  { 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 } }

/*
 * EFI_MEMORY_ATTRIBUTES_TABLE header; entries (memory descriptors, of which
 * only type, phys_start, num_pages and attribute matter) follow at a stride
 * of desc_size. Version 2 adds flags; version 1 has a reserved word there.
 */
struct efivmap_efi_mat_header {
	uint32_t version;
	uint32_t num_entries;
	uint32_t desc_size;
	uint32_t flags;
};
EFIVMAP_STATIC_ASSERT(sizeof(struct efivmap_efi_mat_header) == 16,
		      "MAT header is 16 bytes");
/* v2: runtime code was built for BTI, so its pages may be guarded. */
#define EFIVMAP_EFI_MAT_FLAG_RT_FORWARD_CFG 0x1u

/* EFI_RT_PROPERTIES_TABLE */
struct efivmap_efi_rt_properties {
	uint16_t version;
	uint16_t length;
	uint32_t runtime_services_supported;
};
#define EFIVMAP_EFI_RT_SUPPORTED_GET_TIME              0x0001u
#define EFIVMAP_EFI_RT_SUPPORTED_SET_TIME              0x0002u
#define EFIVMAP_EFI_RT_SUPPORTED_GET_WAKEUP_TIME       0x0004u
#define EFIVMAP_EFI_RT_SUPPORTED_SET_WAKEUP_TIME       0x0008u
#define EFIVMAP_EFI_RT_SUPPORTED_GET_VARIABLE          0x0010u
#define EFIVMAP_EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME 0x0020u
#define EFIVMAP_EFI_RT_SUPPORTED_SET_VARIABLE          0x0040u
#define EFIVMAP_EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP 0x0080u
#define EFIVMAP_EFI_RT_SUPPORTED_CONVERT_POINTER       0x0100u
#define EFIVMAP_EFI_RT_SUPPORTED_GET_NEXT_HIGH_MONOTONIC_COUNT 0x0200u
#define EFIVMAP_EFI_RT_SUPPORTED_RESET_SYSTEM          0x0400u
#define EFIVMAP_EFI_RT_SUPPORTED_UPDATE_CAPSULE        0x0800u
#define EFIVMAP_EFI_RT_SUPPORTED_QUERY_CAPSULE_CAPABILITIES 0x1000u
#define EFIVMAP_EFI_RT_SUPPORTED_QUERY_VARIABLE_INFO   0x2000u

/*
 * The 64-bit EFI_SYSTEM_TABLE fields that efi_to_phys translates. Only
 * the layout is described; libefivmap never dereferences firmware tables
 * itself.
 */
struct efivmap_efi_system_table {
	uint64_t hdr_signature;
	uint32_t hdr_revision;
	uint32_t hdr_header_size;
	uint32_t hdr_crc32;
	uint32_t hdr_reserved;
	uint64_t fw_vendor;
	uint32_t fw_revision;
	uint32_t pad;
	uint64_t con_in_handle;
	uint64_t con_in;
	uint64_t con_out_handle;
	uint64_t con_out;
	uint64_t stderr_handle;
	uint64_t std_err;
	uint64_t runtime_services;
	uint64_t boot_services;
	uint64_t nr_tables;
	uint64_t tables;
};
EFIVMAP_STATIC_ASSERT(sizeof(struct efivmap_efi_system_table) == 120,
		      "64-bit EFI_SYSTEM_TABLE is 120 bytes");

#endif /* EFIVMAP_EFI_H */
