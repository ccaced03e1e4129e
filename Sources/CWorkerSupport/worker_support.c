#define _GNU_SOURCE
#include "worker_support.h"
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sem_t cell_done;
static pthread_t cell_thread;
static volatile sig_atomic_t cell_running = 0;
static volatile sig_atomic_t cell_status = SWIFTNB_CELL_RETURNED;
static volatile sig_atomic_t last_signal = 0;
static volatile sig_atomic_t interrupt_flag = 0;

struct cell_call {
    swiftnb_cell_entry entry;
    char *result;
};

/// Blocks every signal and sleeps forever: the parked thread's stack and locks are leaked.
static void park_forever(void) {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    for (;;) pause();
}

static int on_cell_thread(void) {
    return cell_running && pthread_equal(pthread_self(), cell_thread);
}

static void finish_cell(swiftnb_cell_status status) {
    cell_status = status;
    cell_running = 0;
    sem_post(&cell_done);
}

static void trap_handler(int signal_number) {
    if (!on_cell_thread()) {
        // A crash outside the cell thread: let the process die; the engine restarts it.
        signal(signal_number, SIG_DFL);
        raise(signal_number);
        return;
    }
    last_signal = signal_number;
    finish_cell(SWIFTNB_CELL_TRAPPED);
    park_forever();
}

static void stop_handler(int signal_number) {
    (void)signal_number;
    if (!on_cell_thread()) return;
    finish_cell(SWIFTNB_CELL_INTERRUPTED);
    park_forever();
}

static void interrupt_handler(int signal_number) {
    (void)signal_number;
    interrupt_flag = 1;
}

static void install(int signal_number, void (*handler)(int), int flags) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = flags;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
}

void swiftnb_install_signal_handlers(void) {
    sem_init(&cell_done, 0, 0);
    int traps[] = {SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE};
    for (size_t i = 0; i < sizeof traps / sizeof traps[0]; i++) install(traps[i], trap_handler, SA_ONSTACK);
    install(SIGUSR2, stop_handler, SA_ONSTACK);
    install(SIGINT, interrupt_handler, SA_RESTART);
}

static void *cell_thread_main(void *argument) {
    // A stack overflow needs somewhere else to run the handler.
    stack_t alternate;
    alternate.ss_size = 1 << 16;
    alternate.ss_sp = malloc(alternate.ss_size);
    alternate.ss_flags = 0;
    sigaltstack(&alternate, NULL);

    struct cell_call *call = argument;
    call->result = call->entry();
    finish_cell(SWIFTNB_CELL_RETURNED);
    return NULL;
}

swiftnb_cell_status swiftnb_run_cell(swiftnb_cell_entry entry, char **result, size_t stack_size) {
    struct cell_call *call = calloc(1, sizeof *call);
    call->entry = entry;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, stack_size);
    cell_status = SWIFTNB_CELL_RETURNED;
    cell_running = 1;
    if (pthread_create(&cell_thread, &attributes, cell_thread_main, call) != 0) {
        cell_running = 0;
        pthread_attr_destroy(&attributes);
        free(call);
        *result = strdup("Error\x1f" "cannot start a thread for the cell");
        return SWIFTNB_CELL_RETURNED;
    }
    pthread_attr_destroy(&attributes);
    while (sem_wait(&cell_done) != 0) {}
    swiftnb_cell_status status = cell_status;
    if (status == SWIFTNB_CELL_RETURNED) {
        pthread_join(cell_thread, NULL);
        *result = call->result;
        free(call);
    } else {
        pthread_detach(cell_thread);  // parked for good; `call` stays with it
        *result = NULL;
    }
    return status;
}

int swiftnb_last_signal(void) { return last_signal; }
int swiftnb_interrupt_flag(void) { return interrupt_flag; }
void swiftnb_clear_interrupt_flag(void) { interrupt_flag = 0; }
void swiftnb_set_interrupt_flag(void) { interrupt_flag = 1; }
int swiftnb_cell_is_running(void) { return cell_running; }

void swiftnb_stop_cell_thread(void) {
    if (cell_running) pthread_kill(cell_thread, SIGUSR2);
}

void swiftnb_fail_current_cell(void) {
    if (on_cell_thread()) {
        finish_cell(SWIFTNB_CELL_FAILED);
        park_forever();
    }
    abort();
}
