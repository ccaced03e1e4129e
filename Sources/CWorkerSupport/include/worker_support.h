#pragma once
#include <stddef.h>

/// A cell's entry point: returns NULL, or a malloc'd description of an uncaught error.
typedef char *(*swiftnb_cell_entry)(void);

/// How a cell run ended.
typedef enum {
    SWIFTNB_CELL_RETURNED = 0,   ///< the entry returned; *result holds its value
    SWIFTNB_CELL_TRAPPED = 1,    ///< a trap signal stopped it; the thread is parked forever
    SWIFTNB_CELL_INTERRUPTED = 2,///< stopped by an interrupt; the thread is parked forever
    SWIFTNB_CELL_FAILED = 3,     ///< swiftnb_fail_cell was called; the thread is parked forever
} swiftnb_cell_status;

/// Runs `entry` on a fresh thread with a large stack and waits for it. A trapping thread is
/// parked, never resumed, so no stale runtime state (exclusivity records) is seen again.
swiftnb_cell_status swiftnb_run_cell(swiftnb_cell_entry entry, char **result, size_t stack_size);

/// The signal that stopped the last trapped cell.
int swiftnb_last_signal(void);

/// Installs the handlers for traps (SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE),
/// SIGINT (sets the interrupt flag) and SIGUSR2 (stops the cell thread).
void swiftnb_install_signal_handlers(void);

int swiftnb_interrupt_flag(void);
void swiftnb_clear_interrupt_flag(void);
void swiftnb_set_interrupt_flag(void);
/// True while a cell runs.
int swiftnb_cell_is_running(void);
/// Stops the running cell thread where it is (parks it).
void swiftnb_stop_cell_thread(void);

/// Ends the running cell from within it as a failure (called on the cell thread); never returns.
void swiftnb_fail_current_cell(void) __attribute__((noreturn));
