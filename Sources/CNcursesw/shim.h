#ifndef GATEBOARD_CNCURSESW_SHIM_H
#define GATEBOARD_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D flags, so the wide-character API is switched on here.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <ncursesw/curses.h>

// Swift 6 rejects reads of mutable C globals and does not import these macros:
// expose them through inline accessors.
static inline WINDOW *gb_stdscr(void) { return stdscr; }
static inline int gb_lines(void) { return LINES; }
static inline int gb_cols(void) { return COLS; }
static inline int gb_colors(void) { return COLORS; }
static inline attr_t gb_a_normal(void) { return A_NORMAL; }
static inline attr_t gb_a_bold(void) { return A_BOLD; }
static inline attr_t gb_a_reverse(void) { return A_REVERSE; }
static inline attr_t gb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t gb_a_dim(void) { return A_DIM; }
static inline attr_t gb_color_pair(int n) { return COLOR_PAIR(n); }
static inline int gb_key_resize(void) { return KEY_RESIZE; }
static inline int gb_key_mouse(void) { return KEY_MOUSE; }
static inline int gb_ok(void) { return OK; }
static inline int gb_err(void) { return ERR; }
static inline int gb_key_code_yes(void) { return KEY_CODE_YES; }
static inline mmask_t gb_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t gb_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t gb_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t gb_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t gb_button5_pressed(void) { return BUTTON5_PRESSED; }

// Draw one cell: a base character plus the attribute and colour pair.
static inline int gb_put_cell(int y, int x, const wchar_t *wch, attr_t attr, short pair) {
    cchar_t c;
    if (setcchar(&c, wch, attr, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &c);
}
static inline int gb_key_btab(void) { return KEY_BTAB; }
static inline mmask_t gb_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t gb_plain_mouse_events(void) { return ALL_MOUSE_EVENTS; }

// Key codes for bracketed paste (ESC [ 200 ~ ... ESC [ 201 ~), registered with define_key.
static inline int gb_key_paste_begin(void) { return 0x2000; }
static inline int gb_key_paste_end(void) { return 0x2001; }
static inline void gb_define_paste_keys(void) {
    define_key("\033[200~", 0x2000);
    define_key("\033[201~", 0x2001);
}

// Terminal modes ncurses does not manage: bracketed paste and the mouse reporting modes.
static inline void gb_write_tty(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    ssize_t r = write(STDOUT_FILENO, s, n);
    (void)r;
}
static inline void gb_enable_paste(void) { gb_write_tty("\033[?2004h"); }
static inline void gb_disable_paste(void) { gb_write_tty("\033[?2004l"); }

// Restore the terminal when the process dies of a signal (SIGTERM, SIGHUP, a crash): leave
// curses mode, switch off paste and mouse reporting, show the cursor, then die as before.
static void gb_restore_and_reraise(int sig) {
    if (!isendwin()) endwin();
    gb_write_tty("\033[?2004l\033[?1000l\033[?1002l\033[?1006l\033[?25h");
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void gb_install_restore_handlers(void) {
    int sigs[] = {SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], gb_restore_and_reraise);
    // A parent may have started us with signals blocked (test runners, some daemons): then
    // SIGTERM would never arrive and SIGWINCH (resize) never either. Unblock what we rely on.
    sigset_t set;
    sigemptyset(&set);
    int wanted[] = {SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGWINCH, SIGTSTP, SIGCONT, SIGABRT};
    for (unsigned i = 0; i < sizeof wanted / sizeof wanted[0]; i++) sigaddset(&set, wanted[i]);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}
static inline void gb_reset_restore_handlers(void) {
    int sigs[] = {SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
}

// Mouse event fields without exposing MEVENT layout questions to Swift.
static inline int gb_get_mouse(int *x, int *y, mmask_t *state) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return ERR;
    *x = ev.x; *y = ev.y; *state = ev.bstate;
    return OK;
}
#endif
