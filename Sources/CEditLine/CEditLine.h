// libedit (Debian libedit-dev) through its readline-compatible API: the step debugger's line editor.
#include <stdio.h>
#include <editline/readline.h>

// Setters for libedit's globals (Swift 6 refuses to touch shared mutable C globals directly).
static inline void stepwise_editline_prompt_to_stderr(void) { rl_outstream = stderr; }
static inline void stepwise_editline_set_getc(int (*getc_function)(FILE *)) { rl_getc_function = getc_function; }
