// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efi.h>
#include <efivmap/efi.h>
#include "out.h"
#include "rt.h"

/* Static: the buffers must be inside the image, which the tables map. */
static CHAR16 rt_name[256];
static UINT8 rt_data[1024];

/* One guarded service call; nonzero once the services are unavailable. */
static int rt_svc(struct rt_calls *c, const char *name, const void *slot,
		  uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		  uint64_t a4, efivmap_efi_status *status)
{
	uint64_t ret = EFI_DEVICE_ERROR;

	if (c->fault.err)
		return 1;
	if (guarded_call(&c->fault, name, slot, a0, a1, a2, a3, a4, &ret))
		return 1;
	*status = ret;
	return 0;
}

#define P(x) ((uint64_t)(uintptr_t)(x))

static int rt_walk_variables(struct rt_calls *c, EFI_GUID *guid)
{
	EFI_RUNTIME_SERVICES *rt = c->rt;
	efivmap_efi_status s = EFI_DEVICE_ERROR;
	UINTN size, i;

	c->vars = 0;
	rt_name[0] = 0;
	__builtin_memset(guid, 0, sizeof(*guid));
	for (;;) {
		size = sizeof(rt_name);
		if (rt_svc(c, "GetNextVariableName", &rt->GetNextVariableName,
			   P(&size), P(rt_name), P(guid), 0, 0, &s))
			return 1;
		if (s != EFI_SUCCESS)
			break;
		if (c->vars++ == 0) {
			for (i = 0; i < 63 && rt_name[i]; i++)
				c->first_name[i] = rt_name[i];
			c->first_name[i] = 0;
			c->first_guid = *guid;
		}
		if (c->vars > 500)
			break;
	}
	c->next_name = s;
	return 0;
}

void rt_run(void *arg)
{
	struct rt_calls *c = arg;
	EFI_RUNTIME_SERVICES *rt = c->rt;
	EFI_GUID guid;

	if (c->shim_fn && rt_svc(c, c->shim_name, &c->shim_fn, c->shim_arg,
				 0, 0, 0, 0, &c->get_time))
		return;
	if (rt_svc(c, "GetTime", &rt->GetTime, P(&c->time), 0, 0, 0, 0,
		   &c->get_time))
		return;
	if (rt_walk_variables(c, &guid))
		return;
	c->get_var = EFI_NOT_FOUND;
	if (c->vars) {
		c->var_size = sizeof(rt_data);
		rt_svc(c, "GetVariable", &rt->GetVariable, P(c->first_name),
		       P(&c->first_guid), P(&c->var_attr), P(&c->var_size),
		       P(rt_data), &c->get_var);
	}
}

void rt_shutdown(void *arg)
{
	struct rt_calls *c = arg;
	efivmap_efi_status s;

	rt_svc(c, "ResetSystem", &c->rt->ResetSystem, EfiResetShutdown,
	       EFI_SUCCESS, 0, 0, 0, &s);
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
