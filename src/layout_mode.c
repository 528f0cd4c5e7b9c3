// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Whether to call SetVirtualAddressMap at all, following Linux's arm64
 * stub: efi=novamap, then a firmware RT_PROPERTIES table without the
 * SetVirtualAddressMap bit, then the VA size (48 bits and more map every
 * runtime region 1:1 in TTBR0) unless the platform needs the call anyway.
 */
#include "layout_internal.h"

/* Below this VA size Linux always calls SetVirtualAddressMap. */
#define FLAT_VA_BITS 48u

static int decide(enum efivmap_layout_mode_reason why,
		  enum efivmap_layout_mode_reason *reason)
{
	if (reason)
		*reason = why;
	return why <= EFIVMAP_MODE_PA_HIGH ? EFIVMAP_LAYOUT_MODE_SVAM :
					    EFIVMAP_LAYOUT_MODE_NO_SVAM;
}

int efivmap_layout_mode(const struct efivmap_layout_mode_in *in,
			enum efivmap_layout_mode_reason *reason)
{
	if (!in || in->va_bits < EFIVMAP_LAYOUT_VA_BITS_MIN ||
	    in->va_bits > EFIVMAP_LAYOUT_VA_BITS_MAX ||
	    (in->quirks & ~EFIVMAP_QUIRK_ALL))
		return -EFIVMAP_ERR_INVAL;
	if (in->quirks & EFIVMAP_QUIRK_NO_SVAM)
		return decide(EFIVMAP_MODE_QUIRK_NO_SVAM, reason);
	if (in->have_rt_properties &&
	    !(in->rt_supported &
	      EFIVMAP_EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP))
		return decide(EFIVMAP_MODE_RT_PROPERTIES, reason);
	if (in->va_bits < FLAT_VA_BITS)
		return decide(EFIVMAP_MODE_VA_SMALL, reason);
	if (in->quirks & EFIVMAP_QUIRK_FORCE_SVAM)
		return decide(EFIVMAP_MODE_QUIRK_SVAM, reason);
	if (in->max_runtime_pa > UINT64_C(1) << in->va_bits)
		return decide(EFIVMAP_MODE_PA_HIGH, reason);
	return decide(EFIVMAP_MODE_VA_LARGE, reason);
}

const char *efivmap_layout_mode_reason(uint32_t reason)
{
	static const char *const text[EFIVMAP_MODE_REASON_MAX] = {
		[EFIVMAP_MODE_VA_SMALL] =
			"VA size below 48 bits: regions may not fit 1:1",
		[EFIVMAP_MODE_QUIRK_SVAM] =
			"firmware needs SetVirtualAddressMap (quirk)",
		[EFIVMAP_MODE_PA_HIGH] =
			"a runtime region lies above 2^va_bits: 1:1 impossible",
		[EFIVMAP_MODE_QUIRK_NO_SVAM] =
			"SetVirtualAddressMap disabled by the caller (novamap)",
		[EFIVMAP_MODE_RT_PROPERTIES] =
			"RT_PROPERTIES does not list SetVirtualAddressMap",
		[EFIVMAP_MODE_VA_LARGE] =
			"VA size of 48 bits or more maps runtime regions 1:1",
	};

	return reason < EFIVMAP_MODE_REASON_MAX ? text[reason] : "unknown";
}
