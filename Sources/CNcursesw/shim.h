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
#endif
