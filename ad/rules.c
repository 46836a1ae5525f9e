#define _DEFAULT_SOURCE
/* rules.c: derivative rules of math.h, as data: one row per function with
 * its partial derivatives written over the argument values x (and y).
 * Float variants (sinf, ...) share the row. Conventions at non-smooth
 * points: fabs'(0) = 0; fmin/fmax pass the gradient to the first argument
 * on ties; floor, ceil, round, trunc have derivative 0; fmod(x, y) has
 * partials 1 and -trunc(x/y). Also the builders that fold 0 and 1. */
#include "ad/internal.h"

#include <math.h>
#include <string.h>

typedef enum Partial {
    P_COS, P_NEG_SIN, P_SEC2, P_SELF_EXP, P_RECIP, P_RECIP_1P, P_HALF_RSQRT, P_CBRT,
    P_POW_X, P_POW_Y, P_SIGN, P_MIN_X, P_MIN_Y, P_MAX_X, P_MAX_Y, P_TANH, P_COSH,
    P_SINH, P_ASIN, P_ACOS, P_ATAN, P_ATAN2_Y, P_ATAN2_X, P_HYPOT_X, P_HYPOT_Y,
    P_ERF, P_ERFC, P_ZERO, P_ONE, P_FMOD_Y, P_LOG10, P_LOG2, P_EXP2,
} Partial;

struct MathRule {
    const char *name;
    int arity;
    Partial d[2];
};

/* sync: math-rules */
static const MathRule rules[] = {
    {"sin", 1, {P_COS}},            /* d sin x = cos x */
    {"cos", 1, {P_NEG_SIN}},        /* d cos x = -sin x */
    {"tan", 1, {P_SEC2}},           /* d tan x = 1 + tan^2 x */
    {"exp", 1, {P_SELF_EXP}},       /* d exp x = exp x */
    {"expm1", 1, {P_SELF_EXP}},     /* d expm1 x = exp x */
    {"exp2", 1, {P_EXP2}},          /* d 2^x = 2^x ln 2 */
    {"log", 1, {P_RECIP}},          /* d log x = 1/x */
    {"log1p", 1, {P_RECIP_1P}},     /* d log1p x = 1/(1+x) */
    {"log10", 1, {P_LOG10}},        /* d log10 x = 1/(x ln 10) */
    {"log2", 1, {P_LOG2}},          /* d log2 x = 1/(x ln 2) */
    {"sqrt", 1, {P_HALF_RSQRT}},    /* d sqrt x = 1/(2 sqrt x) */
    {"cbrt", 1, {P_CBRT}},          /* d cbrt x = 1/(3 cbrt(x)^2) */
    {"pow", 2, {P_POW_X, P_POW_Y}}, /* d x^y = y x^(y-1) dx + x^y ln x dy */
    {"fabs", 1, {P_SIGN}},          /* d |x| = sign(x) */
    {"fmin", 2, {P_MIN_X, P_MIN_Y}},
    {"fmax", 2, {P_MAX_X, P_MAX_Y}},
    {"tanh", 1, {P_TANH}},          /* d tanh x = 1 - tanh^2 x */
    {"sinh", 1, {P_COSH}},          /* d sinh x = cosh x */
    {"cosh", 1, {P_SINH}},          /* d cosh x = sinh x */
    {"asin", 1, {P_ASIN}},          /* d asin x = 1/sqrt(1-x^2) */
    {"acos", 1, {P_ACOS}},          /* d acos x = -1/sqrt(1-x^2) */
    {"atan", 1, {P_ATAN}},          /* d atan x = 1/(1+x^2) */
    {"atan2", 2, {P_ATAN2_Y, P_ATAN2_X}}, /* d atan2(y,x) = (x dy - y dx)/(x^2+y^2) */
    {"hypot", 2, {P_HYPOT_X, P_HYPOT_Y}}, /* d hypot(x,y) = (x dx + y dy)/hypot */
    {"erf", 1, {P_ERF}},            /* d erf x = 2/sqrt(pi) exp(-x^2) */
    {"erfc", 1, {P_ERFC}},          /* d erfc x = -2/sqrt(pi) exp(-x^2) */
    {"floor", 1, {P_ZERO}},
    {"ceil", 1, {P_ZERO}},
    {"round", 1, {P_ZERO}},
    {"trunc", 1, {P_ZERO}},
    {"rint", 1, {P_ZERO}},
    {"fmod", 2, {P_ONE, P_FMOD_Y}}, /* d fmod(x,y) = dx - trunc(x/y) dy */
};

const MathRule *rule_find(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const char *r = rules[i].name;
        size_t rn = strlen(r);
        if (strcmp(name, r) == 0 || (n == rn + 1 && strncmp(name, r, rn) == 0 && name[rn] == 'f'))
            return &rules[i];
    }
    return NULL;
}

int rule_arity(const MathRule *r) { return r->arity; }

bool rule_is_nondiff(const char *name)
{
    const MathRule *r = rule_find(name);
    return r && r->d[0] == P_ZERO;
}

Expr *mk_num(double v, Type *ty, Loc loc)
{
    return ex_flt(v, ty->kind == TY_FLOAT ? ty_float : ty_double, loc);
}

static bool is_num(const Expr *e, double v)
{
    double c;
    return e && ex_is_const(e, &c) && c == v;
}

Expr *mk_mul(Expr *a, Expr *b, Loc loc)
{
    if (is_num(a, 1.0))
        return b;
    if (is_num(b, 1.0))
        return a;
    if (is_num(a, -1.0))
        return mk_neg(b, loc);
    if (is_num(b, -1.0))
        return mk_neg(a, loc);
    return ex_binary(EX_MUL, a, b, loc);
}

Expr *mk_div(Expr *a, Expr *b, Loc loc)
{
    if (is_num(b, 1.0))
        return a;
    return ex_binary(EX_DIV, a, b, loc);
}

Expr *mk_add(Expr *a, Expr *b, Loc loc)
{
    if (is_num(a, 0.0))
        return b;
    if (is_num(b, 0.0))
        return a;
    return ex_binary(EX_ADD, a, b, loc);
}

Expr *mk_neg(Expr *a, Loc loc)
{
    if (a->op == EX_NEG)
        return a->a;
    if (a->op == EX_FLT)
        return ex_flt(-a->fval, a->ty, loc);
    return ex_unary(EX_NEG, a, loc);
}

/* name, or namef for float arguments: the math function of that type. */
Expr *mk_call1(const char *name, Expr *a, Type *ty, Loc loc)
{
    Type *t = ty->kind == TY_FLOAT ? ty_float : ty_double;
    Expr *e = ex_call(ty->kind == TY_FLOAT ? ir_format("%sf", name) : name, t, loc);
    vec_push(&e->args, ex_copy(a));
    return e;
}

static Expr *call2(const char *name, Expr *a, Expr *b, Type *ty, Loc loc)
{
    Expr *e = mk_call1(name, a, ty, loc);
    vec_push(&e->args, ex_copy(b));
    return e;
}

static Expr *sq(Expr *x, Loc loc) { return ex_binary(EX_MUL, ex_copy(x), ex_copy(x), loc); }

static Expr *pick(Expr *cond, Expr *yes, Expr *no, Loc loc) { return ex_cond(cond, yes, no, loc); }

Expr *rule_partial(const MathRule *r, Expr **args, int i, Type *ty, Loc loc)
{
    Expr *x = args[0], *y = r->arity > 1 ? args[1] : NULL;
    Expr *one = mk_num(1.0, ty, loc), *zero = mk_num(0.0, ty, loc);
    switch (r->d[i]) {
    case P_COS: return mk_call1("cos", x, ty, loc);
    case P_NEG_SIN: return mk_neg(mk_call1("sin", x, ty, loc), loc);
    case P_SEC2: return ex_binary(EX_ADD, one, sq(mk_call1("tan", x, ty, loc), loc), loc);
    case P_SELF_EXP: return mk_call1("exp", x, ty, loc);
    case P_EXP2: return mk_mul(mk_call1("exp2", x, ty, loc), mk_num(M_LN2, ty, loc), loc);
    case P_RECIP: return ex_binary(EX_DIV, one, ex_copy(x), loc);
    case P_RECIP_1P: return ex_binary(EX_DIV, one, ex_binary(EX_ADD, mk_num(1.0, ty, loc), ex_copy(x), loc), loc);
    case P_LOG10: return ex_binary(EX_DIV, one, ex_binary(EX_MUL, ex_copy(x), mk_num(M_LN10, ty, loc), loc), loc);
    case P_LOG2: return ex_binary(EX_DIV, one, ex_binary(EX_MUL, ex_copy(x), mk_num(M_LN2, ty, loc), loc), loc);
    case P_HALF_RSQRT: return ex_binary(EX_DIV, mk_num(0.5, ty, loc), mk_call1("sqrt", x, ty, loc), loc);
    case P_CBRT:
        return ex_binary(EX_DIV, one, ex_binary(EX_MUL, mk_num(3.0, ty, loc), sq(mk_call1("cbrt", x, ty, loc), loc), loc), loc);
    case P_POW_X:
        return ex_binary(EX_MUL, ex_copy(y), call2("pow", x, ex_binary(EX_SUB, ex_copy(y), mk_num(1.0, ty, loc), loc), ty, loc), loc);
    case P_POW_Y:
        return pick(ex_binary(EX_GT, ex_copy(x), zero, loc),
                    ex_binary(EX_MUL, call2("pow", x, y, ty, loc), mk_call1("log", x, ty, loc), loc),
                    mk_num(0.0, ty, loc), loc);
    case P_SIGN:
        return pick(ex_binary(EX_GT, ex_copy(x), zero, loc), one,
                    pick(ex_binary(EX_LT, ex_copy(x), mk_num(0.0, ty, loc), loc), mk_num(-1.0, ty, loc),
                         mk_num(0.0, ty, loc), loc), loc);
    case P_MIN_X: return pick(ex_binary(EX_LE, ex_copy(x), ex_copy(y), loc), one, zero, loc);
    case P_MIN_Y: return pick(ex_binary(EX_LE, ex_copy(x), ex_copy(y), loc), zero, one, loc);
    case P_MAX_X: return pick(ex_binary(EX_GE, ex_copy(x), ex_copy(y), loc), one, zero, loc);
    case P_MAX_Y: return pick(ex_binary(EX_GE, ex_copy(x), ex_copy(y), loc), zero, one, loc);
    case P_TANH: return ex_binary(EX_SUB, one, sq(mk_call1("tanh", x, ty, loc), loc), loc);
    case P_COSH: return mk_call1("cosh", x, ty, loc);
    case P_SINH: return mk_call1("sinh", x, ty, loc);
    case P_ASIN:
        return ex_binary(EX_DIV, one, mk_call1("sqrt", ex_binary(EX_SUB, mk_num(1.0, ty, loc), sq(x, loc), loc), ty, loc), loc);
    case P_ACOS:
        return ex_binary(EX_DIV, mk_num(-1.0, ty, loc), mk_call1("sqrt", ex_binary(EX_SUB, one, sq(x, loc), loc), ty, loc), loc);
    case P_ATAN: return ex_binary(EX_DIV, one, ex_binary(EX_ADD, mk_num(1.0, ty, loc), sq(x, loc), loc), loc);
    case P_ATAN2_Y: return ex_binary(EX_DIV, ex_copy(y), ex_binary(EX_ADD, sq(x, loc), sq(y, loc), loc), loc);
    case P_ATAN2_X: return ex_binary(EX_DIV, mk_neg(ex_copy(x), loc), ex_binary(EX_ADD, sq(x, loc), sq(y, loc), loc), loc);
    case P_HYPOT_X: return ex_binary(EX_DIV, ex_copy(x), call2("hypot", x, y, ty, loc), loc);
    case P_HYPOT_Y: return ex_binary(EX_DIV, ex_copy(y), call2("hypot", x, y, ty, loc), loc);
    case P_ERF:
        return ex_binary(EX_MUL, mk_num(M_2_SQRTPI, ty, loc), mk_call1("exp", mk_neg(sq(x, loc), loc), ty, loc), loc);
    case P_ERFC:
        return ex_binary(EX_MUL, mk_num(-M_2_SQRTPI, ty, loc), mk_call1("exp", mk_neg(sq(x, loc), loc), ty, loc), loc);
    case P_ZERO: return zero;
    case P_ONE: return one;
    case P_FMOD_Y: return mk_neg(mk_call1("trunc", ex_binary(EX_DIV, ex_copy(x), ex_copy(y), loc), ty, loc), loc);
    }
    ADCC_UNREACHABLE();
}

/* Costly to evaluate again, with a partial written over the result: worth
 * a saved result in loops (exp, expm1, exp2, tanh; not sqrt). */
bool rule_saves_result(const MathRule *r)
{
    return r->arity == 1 && (r->d[0] == P_SELF_EXP || r->d[0] == P_EXP2 || r->d[0] == P_TANH);
}

/* d f(x) / dx written over y = f(x) where that is cheaper than evaluating
 * f again (exp, expm1, exp2, tanh, sqrt); NULL for the others. */
Expr *rule_partial_of_result(const MathRule *r, const Expr *result, Type *ty, Loc loc)
{
    Expr *y = ex_copy(result), *one = mk_num(1.0, ty, loc);
    switch (r->d[0]) {
    case P_SELF_EXP: return strcmp(r->name, "expm1") == 0 ? ex_binary(EX_ADD, y, one, loc) : y;
    case P_EXP2: return mk_mul(y, mk_num(M_LN2, ty, loc), loc);
    case P_TANH: return ex_binary(EX_SUB, one, sq(y, loc), loc);
    case P_HALF_RSQRT: return ex_binary(EX_DIV, mk_num(0.5, ty, loc), y, loc);
    case P_COS: case P_NEG_SIN: case P_SEC2: case P_RECIP: case P_RECIP_1P: case P_CBRT: case P_POW_X:
    case P_POW_Y: case P_SIGN: case P_MIN_X: case P_MIN_Y: case P_MAX_X: case P_MAX_Y: case P_COSH:
    case P_SINH: case P_ASIN: case P_ACOS: case P_ATAN: case P_ATAN2_Y: case P_ATAN2_X: case P_HYPOT_X:
    case P_HYPOT_Y: case P_ERF: case P_ERFC: case P_ZERO: case P_ONE: case P_FMOD_Y: case P_LOG10:
    case P_LOG2:
        return NULL;
    }
    ADCC_UNREACHABLE();
}

/* The zeroed shadow (adjoint or tangent) allocation mirroring
 * p = malloc(n) / calloc(n, s): calloc of the same size. */
Expr *ad_shadow_alloc(Expr *init, Type *ty)
{
    Expr *call = ex_strip_casts(init);
    Expr *c = ex_call("calloc", ty_ptr(ty_void), init->loc);
    if (strcmp(call->text, "calloc") == 0) {
        vec_push(&c->args, ex_copy(call->args.items[0]));
        vec_push(&c->args, ex_copy(call->args.items[1]));
    } else {
        vec_push(&c->args, ex_copy(call->args.items[0]));
        vec_push(&c->args, ex_int(1, init->loc));
    }
    return ex_cast(ty, c, init->loc);
}

Func *ad_new_func(const char *name, Type *ret, Loc loc, bool is_static)
{
    Func *g = ir_alloc(sizeof(Func));
    g->name = name;
    g->ret = ret;
    g->loc = loc;
    g->generated = true;
    g->is_static = is_static;
    return g;
}
