/* admin.h - `kiosk admin COMMAND ...`: staff and operator commands without
 * a display.  Returns the process exit status (CONTRACT.md): 0 success,
 * 1 a check failed, 2 bad usage or input, 3 an environment failure (the
 * KExit values of exitcode.h). */
#ifndef KIOSK_ADMIN_H
#define KIOSK_ADMIN_H

int admin_main(int argc, char **argv);

#endif
