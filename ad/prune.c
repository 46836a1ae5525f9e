/* prune.c: keeps only the generated functions that are used. Reverse and
 * forward mode create static versions of helpers for every activity
 * pattern they meet, and f_hvp needs the forward versions of f_grad's
 * sweeps rather than the sweeps themselves; a static function that no
 * exported derivative reaches would be dead code (and a warning). */
#include "ad/ad.h"

#include <string.h>

typedef struct Reach {
    Vec *gen;
    bool *used;
    Vec todo;
} Reach;

static void mark(Reach *r, int i)
{
    if (!r->used[i]) {
        r->used[i] = true;
        vec_push(&r->todo, r->gen->items[i]);
    }
}

static bool note_call(const Expr *e, void *ctx)
{
    Reach *r = ctx;
    if (e->op != EX_CALL)
        return false;
    for (int i = 0; i < r->gen->len; i++) {
        Func *f = r->gen->items[i];
        if (e->callee == f || strcmp(e->text, f->name) == 0)
            mark(r, i);
    }
    return false;
}

void ad_prune(Vec *gen)
{
    Reach r = {.gen = gen, .used = ir_alloc(sizeof(bool) * (size_t)(gen->len + 1))};
    for (int i = 0; i < gen->len; i++)
        if (!((Func *)gen->items[i])->is_static)
            mark(&r, i);
    while (r.todo.len) {
        Func *f = r.todo.items[--r.todo.len];
        if (f->body)
            st_any_expr(f->body, note_call, &r);
    }
    int n = 0;
    for (int i = 0; i < gen->len; i++)
        if (r.used[i])
            gen->items[n++] = gen->items[i];
    gen->len = n;
}
