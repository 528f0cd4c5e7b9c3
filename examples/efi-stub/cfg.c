// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efi.h>
#include <efilib.h>
#include "cfg.h"
#include "fw.h"
#include "out.h"

void cfg_defaults(struct stub_cfg *cfg)
{
	__builtin_memset(cfg, 0, sizeof(*cfg));
	__builtin_memcpy(cfg->strategy, "optimal", 8);
	cfg->va_bits = 0;	/* the firmware's shape: swap only TTBR0 */
	cfg->granule = 4;
	cfg->stages = 3;
	cfg->probe_max = 16;
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static unsigned int to_uint(const char *s)
{
	unsigned int v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned int)(*s++ - '0');
	return v;
}

static void cfg_set(struct stub_cfg *cfg, const char *key, const char *val)
{
	unsigned int i;

	if (str_eq(key, "strategy")) {
		for (i = 0; val[i] && i < sizeof(cfg->strategy) - 1; i++)
			cfg->strategy[i] = val[i];
		cfg->strategy[i] = 0;
	} else if (str_eq(key, "va_bits")) {
		cfg->va_bits = to_uint(val);
	} else if (str_eq(key, "granule")) {
		cfg->granule = to_uint(val);
	} else if (str_eq(key, "stages")) {
		cfg->stages = to_uint(val);
	} else if (str_eq(key, "quirk")) {
		cfg->quirk = (int)to_uint(val);
	} else if (str_eq(key, "skip_runtime")) {
		cfg->skip_runtime = (int)to_uint(val);
	} else if (str_eq(key, "no_switch")) {
		cfg->no_switch = (int)to_uint(val);
	} else if (str_eq(key, "vhe")) {
		cfg->vhe = (int)to_uint(val);
	} else if (str_eq(key, "vhe_va_bits")) {
		cfg->vhe_va_bits = to_uint(val);
	} else if (str_eq(key, "shim")) {
		for (i = 0; val[i] && i < sizeof(cfg->shim) - 1; i++)
			cfg->shim[i] = val[i];
		cfg->shim[i] = 0;
	} else if (str_eq(key, "probe_max")) {
		cfg->probe_max = to_uint(val);
	} else if (str_eq(key, "probe_mutate")) {
		cfg->probe_mutate = (int)to_uint(val);
	} else if (str_eq(key, "verbose")) {
		cfg->verbose = (int)to_uint(val);
	} else {
		out_printf("cfg: unknown key '%s' ignored\n", key);
	}
}

static void cfg_parse(struct stub_cfg *cfg, char *text, UINTN len)
{
	UINTN i = 0;

	while (i < len) {
		char *key = text + i, *val = NULL;

		for (; i < len && text[i] != '\n'; i++) {
			if (text[i] == '=' && !val) {
				text[i] = 0;
				val = text + i + 1;
			} else if (text[i] == '\r' || text[i] == '#') {
				text[i] = 0;
			}
		}
		if (i < len)
			text[i++] = 0;
		if (val && *key)
			cfg_set(cfg, key, val);
	}
}

EFI_STATUS cfg_load(struct stub_cfg *cfg, EFI_HANDLE image,
		    EFI_SYSTEM_TABLE *st)
{
	EFI_FILE_HANDLE root, file;
	static char text[1024];
	UINTN len = sizeof(text) - 1;
	EFI_STATUS s;

	s = fw_open_root(image, st, &root);
	if (EFI_ERROR(s))
		return s;
	s = root->Open(root, &file, (CHAR16 *)L"\\efivmap.cfg",
		       EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(s)) {
		root->Close(root);
		return s == EFI_NOT_FOUND ? EFI_SUCCESS : s;
	}
	s = file->Read(file, &len, text);
	file->Close(file);
	root->Close(root);
	if (EFI_ERROR(s))
		return s;
	text[len] = 0;
	cfg_parse(cfg, text, len);
	return EFI_SUCCESS;
}
