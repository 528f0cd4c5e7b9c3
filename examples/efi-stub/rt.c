// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efi.h>
#include <efivmap/efi.h>
#include "out.h"
#include "rt.h"

/* Static: the buffers must be inside the image, which the tables map. */
static CHAR16 rt_name[256];
static UINT8 rt_data[1024];

void rt_run(void *arg)
{
	struct rt_calls *c = arg;
	EFI_RUNTIME_SERVICES *rt = c->rt;
	EFI_GUID guid;
	UINTN size, i;
	efivmap_efi_status s;

	c->get_time = rt->GetTime(&c->time, NULL);

	c->vars = 0;
	rt_name[0] = 0;
	__builtin_memset(&guid, 0, sizeof(guid));
	for (;;) {
		size = sizeof(rt_name);
		s = rt->GetNextVariableName(&size, rt_name, &guid);
		if (s != EFI_SUCCESS)
			break;
		if (c->vars++ == 0) {
			for (i = 0; i < 63 && rt_name[i]; i++)
				c->first_name[i] = rt_name[i];
			c->first_name[i] = 0;
			c->first_guid = guid;
		}
		if (c->vars > 500)
			break;
	}
	c->next_name = s;

	c->get_var = EFI_NOT_FOUND;
	if (c->vars) {
		c->var_size = sizeof(rt_data);
		c->get_var = rt->GetVariable(c->first_name, &c->first_guid,
					     &c->var_attr, &c->var_size,
					     rt_data);
	}
}

void rt_shutdown(void *arg)
{
	struct rt_calls *c = arg;

	c->rt->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
}

static int rt_expect(const char *who, const char *call,
		     efivmap_efi_status got, efivmap_efi_status want)
{
	int ok = got == want;

	out_printf("%s: %-20s -> 0x%lx (%s, expected 0x%lx)\n", who, call,
		   got, ok ? "ok" : "WRONG", want);
	return ok ? 0 : -1;
}

int rt_check(const struct rt_calls *c, const char *who)
{
	int bad = 0;
	unsigned int i;
	char name[64];

	if (c->supported & EFIVMAP_EFI_RT_SUPPORTED_GET_TIME) {
		bad |= rt_expect(who, "GetTime", c->get_time, EFI_SUCCESS);
		if (c->get_time == EFI_SUCCESS)
			out_printf("%s:   time %u-%02u-%02u %02u:%02u:%02u\n",
				   who, c->time.Year, c->time.Month,
				   c->time.Day, c->time.Hour, c->time.Minute,
				   c->time.Second);
	} else {
		/* RT_PROPERTIES says so: the call must refuse, not work. */
		bad |= rt_expect(who, "GetTime", c->get_time,
				 EFI_UNSUPPORTED);
	}
	if (c->supported & EFIVMAP_EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME) {
		/* The walk ends with NOT_FOUND after the last variable. */
		bad |= rt_expect(who, "GetNextVariableName", c->next_name,
				 EFI_NOT_FOUND);
		if (!c->vars) {
			out_printf("%s:   no variables at all\n", who);
			bad = -1;
		}
	} else {
		bad |= rt_expect(who, "GetNextVariableName", c->next_name,
				 EFI_UNSUPPORTED);
	}
	for (i = 0; i < sizeof(name) - 1 && c->first_name[i]; i++)
		name[i] = (char)c->first_name[i];
	name[i] = 0;
	out_printf("%s:   %u variables, first '%s'\n", who, c->vars, name);
	if (c->vars) {
		if (c->supported & EFIVMAP_EFI_RT_SUPPORTED_GET_VARIABLE)
			bad |= rt_expect(who, "GetVariable", c->get_var,
					 EFI_SUCCESS);
		else
			bad |= rt_expect(who, "GetVariable", c->get_var,
					 EFI_UNSUPPORTED);
		out_printf("%s:   '%s' is %lu bytes, attributes 0x%x\n", who,
			   name, c->var_size, c->var_attr);
	}
	return bad;
}
