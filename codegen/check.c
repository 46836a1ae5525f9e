/* check.c: writes the derivative-check driver of `adcc --emit-check`: a C
 * file with a main that compares every f_grad, f_jvp and f_hvp adcc
 * generates for the model with finite differences of f, through the
 * checker in the runtime header adcc_check.h. This file writes only the
 * glue: prototypes, the sizes of the parameters (ADCC_CHECK_ARGS, or
 * inferred by check_extent.c), and adapters that call the model's
 * functions on flat vectors. The plan is made from the bodies as parsed,
 * before lowering; the text once the derivatives exist. */
#include "codegen/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_INT "3"

typedef enum ParamClass { PC_INT, PC_SCALAR, PC_ARRAY, PC_OTHER } ParamClass;

typedef struct CheckParam {
    ParamClass cls;
    const char *value;    /* PC_INT: its value (C text) */
    const char *stated;   /* PC_ARRAY: its extent from ADCC_CHECK_ARGS (C text) */
    Vec ends;             /* PC_ARRAY: inferred ends (Expr*), when not stated */
} CheckParam;

typedef struct CheckFunc {
    Func *f;
    CheckParam *params;
    const char *skip;         /* why its derivatives cannot be checked */
    const char *skip_param;   /* the parameter at fault ("-": none) */
} CheckFunc;

struct CgCheck {
    Vec funcs;   /* CheckFunc*, in source order */
};

/* The derivative kinds, in the order the driver checks them. */
static const struct {
    AnnotKind kind;
    const char *suffix;
} kinds[] = {{AN_GRAD, "grad"}, {AN_JVP, "jvp"}, {AN_HVP, "hvp"}};

static Annot *find_annot(const Func *f, AnnotKind k)
{
    for (int i = 0; i < f->annots.len; i++)
        if (((Annot *)f->annots.items[i])->kind == k)
            return f->annots.items[i];
    return NULL;
}

static bool is_differentiated(const Func *f)
{
    return find_annot(f, AN_GRAD) || find_annot(f, AN_JVP) || find_annot(f, AN_HVP);
}

/* Whether the annotation of kind k on f names parameter p. */
static bool names(const Func *f, AnnotKind k, const Var *p)
{
    for (int i = 0; i < f->annots.len; i++) {
        Annot *a = f->annots.items[i];
        for (int j = 0; a->kind == k && j < a->args.len; j++)
            if (strcmp(((AnnotArg *)a->args.items[j])->name, p->name) == 0)
                return true;
    }
    return false;
}

static ParamClass classify(const Var *p)
{
    if (ty_is_int(p->ty))
        return PC_INT;
    if (ty_is_float(p->ty))
        return PC_SCALAR;
    if (ty_is_ptr_like(p->ty) && ty_is_float(p->ty->base))
        return PC_ARRAY;
    return PC_OTHER;
}

static Var *param_named(const Func *f, const char *name, size_t len)
{
    for (int i = 0; i < f->params.len; i++) {
        Var *v = f->params.items[i];
        if (strlen(v->name) == len && strncmp(v->name, name, len) == 0)
            return v;
    }
    return NULL;
}

/* ---- ADCC_CHECK_ARGS ------------------------------------------------------ */

static bool is_integer(const char *s)
{
    s += *s == '-';
    return *s && strspn(s, "0123456789") == strlen(s);
}

/* An extent: numbers, f's integer parameters, + - * / % ( ) and spaces. */
static bool is_extent(const Func *f, const char *s)
{
    if (!*s)
        return false;
    while (*s) {
        if (isalpha((unsigned char)*s) || *s == '_') {
            const char *id = s;
            while (isalnum((unsigned char)*s) || *s == '_')
                s++;
            Var *v = param_named(f, id, (size_t)(s - id));
            if (!v || classify(v) != PC_INT)
                return false;
        } else if (isdigit((unsigned char)*s) || strchr("+-*/%() ", *s)) {
            s++;
        } else {
            return false;
        }
    }
    return true;
}

static const char *trimmed(const char *s)
{
    while (*s == ' ')
        s++;
    char *t = ir_strdup(s);
    for (size_t n = strlen(t); n > 0 && t[n - 1] == ' '; n--)
        t[n - 1] = '\0';
    return t;
}

/* One "name=value" or "name:extent" of ADCC_CHECK_ARGS on f. */
static void read_check_arg(CheckFunc *cf, const AnnotArg *arg)
{
    const Func *f = cf->f;
    size_t len = strcspn(arg->name, "=:");
    char sep = arg->name[len];
    const char *name = trimmed(ir_format("%.*s", (int)len, arg->name));
    if (!sep) {
        diag_error(arg->loc, "ADCC_CHECK_ARGS takes name=value for an integer parameter or name:extent for an "
                             "array parameter; '%s' is neither", arg->name);
        return;
    }
    Var *p = param_named(f, name, strlen(name));
    const char *rhs = trimmed(arg->name + len + 1);
    if (!p) {
        diag_error(arg->loc, "ADCC_CHECK_ARGS names '%s', which is not a parameter of '%s'", name, f->name);
        return;
    }
    CheckParam *cp = &cf->params[vec_index(&f->params, p)];
    if (sep == '=' && cp->cls != PC_INT)
        diag_error(arg->loc, "'%s' is not an integer parameter of '%s'; ADCC_CHECK_ARGS gives an integer "
                             "parameter a value (n=4) and an array parameter an extent (x:n)", name, f->name);
    else if (sep == ':' && cp->cls != PC_ARRAY)
        diag_error(arg->loc, "'%s' is not an array parameter of '%s'; ADCC_CHECK_ARGS gives an integer "
                             "parameter a value (n=4) and an array parameter an extent (x:n)", name, f->name);
    else if ((sep == '=' && cp->value) || (sep == ':' && cp->stated))
        diag_error(arg->loc, "ADCC_CHECK_ARGS gives '%s' twice", name);
    else if (sep == '=' && !is_integer(rhs))
        diag_error(arg->loc, "the value of '%s' in ADCC_CHECK_ARGS must be an integer, not '%s'", name, rhs);
    else if (sep == ':' && !is_extent(f, rhs))
        diag_error(arg->loc, "the extent '%s' of '%s' may use only numbers, the integer parameters of '%s' and "
                             "+ - * / %% ( )", rhs, name, f->name);
    else if (sep == '=')
        cp->value = rhs;
    else
        cp->stated = rhs;
}

/* ---- the plan -------------------------------------------------------------- */

static void skip(CheckFunc *cf, const char *param, const char *why)
{
    if (!cf->skip) {
        cf->skip = why;
        cf->skip_param = param;
    }
}

static void plan_array(CheckFunc *cf, Var *p, CheckParam *cp)
{
    const char *why = NULL;
    if (cp->stated || cg_infer_extent(cf->f, p, &cp->ends, &why))
        return;
    diag_warning(p->loc, "the derivative check cannot tell how many elements '%s' of '%s' has (%s); the "
                         "driver skips '%s': state it with ADCC_CHECK_ARGS(%s:N)",
                 p->name, cf->f->name, why, cf->f->name, p->name);
    skip(cf, p->name, ir_format("extent of '%s' unknown: add ADCC_CHECK_ARGS(%s:N) to '%s'", p->name, p->name,
                                cf->f->name));
}

static CheckFunc *plan_func(Func *f)
{
    CheckFunc *cf = ir_alloc(sizeof(CheckFunc));
    cf->f = f;
    cf->params = ir_alloc(sizeof(CheckParam) * (size_t)(f->params.len + 1));
    for (int i = 0; i < f->params.len; i++)
        cf->params[i].cls = classify(f->params.items[i]);
    for (int i = 0; i < f->check_args.len; i++)
        read_check_arg(cf, f->check_args.items[i]);
    if (f->is_static)
        skip(cf, "-", ir_format("'%s' is static: the driver cannot call it", f->name));
    for (int i = 0; i < f->params.len; i++) {
        Var *p = f->params.items[i];
        CheckParam *cp = &cf->params[i];
        if (cp->cls == PC_OTHER)
            skip(cf, p->name, ir_format("parameter '%s' has type '%s'; the driver fills only integers and "
                                        "floating-point scalars and arrays", p->name, ty_str(p->ty)));
        else if (cp->cls == PC_ARRAY && !cf->skip)
            plan_array(cf, p, cp);
        else if (cp->cls == PC_INT && !cp->value)
            cp->value = DEFAULT_INT;
    }
    return cf;
}

CgCheck *cg_check_plan(Module *m)
{
    CgCheck *ck = ir_alloc(sizeof(CgCheck));
    for (int i = 0; i < m->funcs.len; i++) {
        Func *f = m->funcs.items[i];
        if (f->in_header)
            continue;
        if (is_differentiated(f) && f->body)
            vec_push(&ck->funcs, plan_func(f));
        else if (f->check_args.len)
            diag_warning(((AnnotArg *)f->check_args.items[0])->loc, "ADCC_CHECK_ARGS on '%s', which has no "
                         "ADCC_GRAD, ADCC_JVP or ADCC_HVP, is not used", f->name);
    }
    return ck;
}

/* ---- the derivatives' parameters ------------------------------------------- */

typedef enum Role { R_PRIMAL, R_D, R_T, R_V, R_HV, R_TRET } Role;

/* The role of each parameter of derivative d of f, and the parameter of f
 * it belongs to; false when they do not follow the contract. */
static bool roles(const Func *f, const Func *d, Role *role, int *of)
{
    static const struct {
        const char *prefix;
        Role role;
    } companions[] = {{"d_", R_D}, {"t_", R_T}, {"v_", R_V}, {"hv_", R_HV}};
    int next = 0;
    for (int j = 0; j < d->params.len; j++) {
        const char *name = ((Var *)d->params.items[j])->name;
        of[j] = next - 1;
        if (next < f->params.len && strcmp(name, ((Var *)f->params.items[next])->name) == 0) {
            role[j] = R_PRIMAL;
            of[j] = next++;
            continue;
        }
        if (strcmp(name, "t_ret") == 0 && j == d->params.len - 1) {
            role[j] = R_TRET;
            continue;
        }
        bool found = false;
        for (size_t k = 0; k < sizeof companions / sizeof companions[0] && next > 0; k++) {
            size_t n = strlen(companions[k].prefix);
            if (strncmp(name, companions[k].prefix, n) == 0 &&
                strcmp(name + n, ((Var *)f->params.items[next - 1])->name) == 0) {
                role[j] = companions[k].role;
                found = true;
            }
        }
        if (!found)
            return false;
    }
    return next == f->params.len;
}

static Func *derivative(const Vec *gen, const Func *f, const char *suffix)
{
    const char *name = ir_format("%s_%s", f->name, suffix);
    for (int i = 0; i < gen->len; i++) {
        Func *d = gen->items[i];
        if (!d->is_static && strcmp(d->name, name) == 0)
            return d;
    }
    return NULL;
}

static char *prototype(const Func *f)
{
    char *s = ir_format("%s(", ty_decl(f->ret, f->name));
    for (int i = 0; i < f->params.len; i++) {
        Var *v = f->params.items[i];
        s = ir_format("%s%s%s", s, i ? ", " : "", ty_decl(v->ty, v->name));
    }
    return ir_format("%s%s);", s, f->params.len ? "" : "void");
}

/* ---- adapters ------------------------------------------------------------ */

typedef enum Adapter { AD_EVAL, AD_GRAD, AD_JVP, AD_HVP } Adapter;

static const char *const adapter_name[] = {"eval", "grad", "jvp", "hvp"};
static const char *const adapter_params[] = {
    "const double *ck_p, double *ck_o",
    "const double *ck_p, const double *ck_w, double *ck_o, double *ck_g",
    "const double *ck_p, const double *ck_v, double *ck_o, double *ck_t",
    "const double *ck_p, const double *ck_v, const double *ck_w, double *ck_o, double *ck_g, double *ck_hv",
};

static const char *elem_type(const Var *p)
{
    return ty_str(ty_const(ty_is_float(p->ty) ? p->ty : p->ty->base, false));
}

/* "" for a double array's helper, "_f" for a float one's. */
static const char *fsuffix(const Var *p)
{
    return ty_scalar(p->ty)->kind == TY_FLOAT ? "_f" : "";
}

typedef struct AdState {
    FILE *pre, *post;    /* declarations before the call, stores after */
    char *args;          /* the call's arguments */
} AdState;

static void add_arg(AdState *as, const char *text)
{
    as->args = ir_format("%s%s%s", as->args, *as->args ? ", " : "", text);
}

static void primal_arg(AdState *as, const Var *p, int i)
{
    ParamClass cls = classify(p);
    if (cls == PC_INT) {
        add_arg(as, ir_format("(%s)ck_fn->ival[%d]", ty_str(ty_const(p->ty, false)), i));
    } else if (cls == PC_SCALAR) {
        add_arg(as, ir_format("(%s)adcc_check_scalar(ck_fn, %d, ck_p)", elem_type(p), i));
    } else {
        fprintf(as->pre, "    %s *ck_a%d = adcc_check_arg%s(ck_fn, %d, ck_p);\n", elem_type(p), i, fsuffix(p), i);
        fprintf(as->post, "    adcc_check_out%s(ck_fn, %d, ck_a%d, ck_o);\n    free(ck_a%d);\n", fsuffix(p), i, i, i);
        add_arg(as, ir_format("ck_a%d", i));
    }
}

/* d_a or hv_a: an accumulated adjoint, stored into `into` after the call. */
static void adjoint_arg(AdState *as, const Var *p, int i, const char *var, bool seeded, const char *into)
{
    const char *t = elem_type(p);
    if (classify(p) == PC_SCALAR) {
        fprintf(as->pre, "    %s ck_%s%d = 0;\n", t, var, i);
        fprintf(as->post, "    adcc_check_put_scalar(ck_fn, %d, ck_%s%d, %s);\n", i, var, i, into);
        add_arg(as, ir_format("&ck_%s%d", var, i));
        return;
    }
    if (seeded)
        fprintf(as->pre, "    %s *ck_%s%d = adcc_check_seed%s(ck_fn, %d, ck_w);\n", t, var, i, fsuffix(p), i);
    else
        fprintf(as->pre, "    %s *ck_%s%d = adcc_check_alloc(ck_fn->len[%d], sizeof(%s));\n", t, var, i, i, t);
    fprintf(as->post, "    adcc_check_put%s(ck_fn, %d, ck_%s%d, %s);\n    free(ck_%s%d);\n", fsuffix(p), i, var, i,
            into, var, i);
    add_arg(as, ir_format("ck_%s%d", var, i));
}

/* t_a or v_a: a direction, from ck_v; an output's tangent goes to ck_t. */
static void direction_arg(AdState *as, const Var *p, int i, bool tangent)
{
    if (classify(p) == PC_SCALAR) {
        add_arg(as, ir_format("(%s)adcc_check_dir_scalar(ck_fn, %d, ck_v)", elem_type(p), i));
        return;
    }
    fprintf(as->pre, "    %s *ck_t%d = adcc_check_dir%s(ck_fn, %d, ck_v);\n", elem_type(p), i, fsuffix(p), i);
    if (tangent)
        fprintf(as->post, "    adcc_check_out%s(ck_fn, %d, ck_t%d, ck_t);\n", fsuffix(p), i, i);
    fprintf(as->post, "    free(ck_t%d);\n", i);
    add_arg(as, ir_format("ck_t%d", i));
}

static void one_arg(AdState *as, const Func *f, Role role, int i, const Func *d)
{
    const Var *p = f->params.items[i < 0 ? 0 : i];
    switch (role) {
    case R_PRIMAL: primal_arg(as, p, i); return;
    case R_D: adjoint_arg(as, p, i, "d", true, "ck_g"); return;
    case R_HV: adjoint_arg(as, p, i, "h", false, "ck_hv"); return;
    case R_T: direction_arg(as, p, i, true); return;
    case R_V: direction_arg(as, p, i, false); return;
    case R_TRET:
        fprintf(as->pre, "    %s ck_tret = 0;\n", ty_str(ty_const(d->ret, false)));
        fprintf(as->post, "    ck_t[0] = ck_tret;\n");
        add_arg(as, "&ck_tret");
        return;
    }
    ADCC_UNREACHABLE();
}

/* static void ck_<f>_<layout>_<kind>(...): calls d (f itself for AD_EVAL). */
static void emit_adapter(FILE *out, const Func *f, const char *layout, Adapter kind, const Func *d)
{
    Role role[64 * 4 + 1];
    int of[64 * 4 + 1];
    bool ok = d->params.len <= 64 * 4 && roles(f, d, role, of);
    ADCC_ASSERT(ok);
    char *pre = NULL, *post = NULL;
    size_t npre = 0, npost = 0;
    AdState as = {.pre = open_memstream(&pre, &npre), .post = open_memstream(&post, &npost), .args = ""};
    for (int j = 0; j < d->params.len; j++)
        one_arg(&as, f, role[j], of[j], d);
    fclose(as.pre);
    fclose(as.post);
    fprintf(out, "static void ck_%s_%s_%s(const AdccCheckFn *ck_fn, %s)\n{\n", f->name, layout,
            adapter_name[kind], adapter_params[kind]);
    /* (void) each parameter: an adapter need not use them all */
    for (const char *q = adapter_params[kind]; (q = strstr(q, "ck_")); q += 3)
        fprintf(out, "    (void)%.*s;\n", (int)strcspn(q, ","), q);
    fputs("    (void)ck_fn;\n", out);
    fputs(pre, out);
    fprintf(out, "    %s%s(%s);\n", ty_is_float(f->ret) ? "ck_o[0] = " : "", d->name, as.args);
    fputs(post, out);
    fputs("}\n\n", out);
    free(pre);
    free(post);
}

/* ---- one derivative's check ------------------------------------------------ */

static bool is_float_model(const Func *f)
{
    bool any = f->ret->kind == TY_FLOAT;
    for (int i = 0; i < f->params.len; i++)
        any |= ty_scalar(((Var *)f->params.items[i])->ty)->kind == TY_FLOAT;
    return any;
}

/* Whether every parameter that k names, GRAD names too. */
static bool grad_covers(const Func *f, AnnotKind k)
{
    for (int i = 0; i < f->params.len; i++)
        if (names(f, k, f->params.items[i]) && !names(f, AN_GRAD, f->params.items[i]))
            return false;
    return true;
}

static void emit_sizes(FILE *out, const CheckFunc *cf)
{
    const Func *f = cf->f;
    for (int i = 0; i < f->params.len; i++) {
        const CheckParam *cp = &cf->params[i];
        const Var *p = f->params.items[i];
        if (cp->cls == PC_INT)
            fprintf(out, "    const long %s = %s;\n    ck_fn.ival[%d] = %s;\n", p->name, cp->value, i, p->name);
    }
    for (int i = 0; i < f->params.len; i++) {
        const CheckParam *cp = &cf->params[i];
        if (cp->cls != PC_ARRAY)
            continue;
        if (cp->stated) {
            fprintf(out, "    ck_fn.len[%d] = adcc_check_len(%s);\n", i, cp->stated);
            continue;
        }
        fprintf(out, "    ck_fn.len[%d] = 0;\n", i);
        for (int k = 0; k < cp->ends.len; k++)
            fprintf(out, "    ck_fn.len[%d] = adcc_check_max(ck_fn.len[%d], %s);\n", i, i,
                    ir_expr_str(cp->ends.items[k]));
    }
}

static void emit_layout(FILE *out, const CheckFunc *cf, AnnotKind k, const char *sfx, bool with_grad)
{
    const Func *f = cf->f;
    fprintf(out, "static void ck_%s_%s(AdccCheck *ck_run)\n{\n    AdccCheckFn ck_fn;\n", f->name, sfx);
    fprintf(out, "    adcc_check_begin(&ck_fn, \"%s\", \"%s\", %d);\n", f->name, sfx, is_float_model(f));
    emit_sizes(out, cf);
    if (ty_is_float(f->ret))
        fputs("    adcc_check_result(&ck_fn);\n", out);
    for (int i = 0; i < f->params.len; i++) {
        const Var *p = f->params.items[i];
        ParamClass cls = cf->params[i].cls;
        if (cls == PC_INT)
            continue;
        if (names(f, k, p))
            fprintf(out, "    adcc_check_active(&ck_fn, %d, \"%s\", %d);\n", i, p->name,
                    cls == PC_ARRAY && !p->ty->base->is_const);
        else
            fprintf(out, "    adcc_check_inactive(ck_run, &ck_fn, %d, %d);\n", i, cls == PC_ARRAY);
    }
    fprintf(out, "    ck_fn.eval = ck_%s_%s_eval;\n", f->name, sfx);
    fprintf(out, "    ck_fn.%s = ck_%s_%s_%s;\n", sfx, f->name, sfx, sfx);
    if (k != AN_GRAD && with_grad)
        fprintf(out, "    ck_fn.grad = ck_%s_%s_grad;\n", f->name, sfx);
    else if (k != AN_GRAD)
        fprintf(out, "    ck_fn.no_grad = \"%s\";\n", find_annot(f, AN_GRAD)
                ? "ADCC_GRAD does not name every parameter this annotation names" : "no ADCC_GRAD: no f_grad");
    fputs("    adcc_check_run(ck_run, &ck_fn);\n}\n\n", out);
}

/* The adapters and the check function of f's derivative of kind k. */
static void emit_kind(FILE *out, const CheckFunc *cf, const Vec *gen, int kind, Vec *calls)
{
    const Func *f = cf->f;
    const char *sfx = kinds[kind].suffix;
    Func *d = derivative(gen, f, sfx), *grad = derivative(gen, f, "grad");
    bool with_grad = kinds[kind].kind != AN_GRAD && grad && grad_covers(f, kinds[kind].kind);
    fprintf(out, "/* %s: %s */\n", f->name, sfx);
    emit_adapter(out, f, sfx, AD_EVAL, f);
    emit_adapter(out, f, sfx, (Adapter)(kind + 1), d);
    if (with_grad)
        emit_adapter(out, f, sfx, AD_GRAD, grad);
    emit_layout(out, cf, kinds[kind].kind, sfx, with_grad);
    vec_push(calls, ir_format("    ck_%s_%s(&ck);\n", f->name, sfx));
}

static void emit_prototypes(FILE *out, const CgCheck *ck, const Vec *gen, const char *stem)
{
    fprintf(out, "/* The model's functions (%s.c) and their derivatives (%s_grad.c). */\n", stem, stem);
    for (int i = 0; i < ck->funcs.len; i++) {
        const CheckFunc *cf = ck->funcs.items[i];
        if (cf->skip)
            continue;
        fprintf(out, "%s\n", prototype(cf->f));
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            Func *d = find_annot(cf->f, kinds[k].kind) ? derivative(gen, cf->f, kinds[k].suffix) : NULL;
            if (d)
                fprintf(out, "%s\n", prototype(d));
        }
    }
    fputc('\n', out);
}

/* A derivative that cannot be checked: its SKIP row, from main. */
static void skip_row(Vec *calls, const CheckFunc *cf, const char *sfx, const char *param, const char *why)
{
    vec_push(calls, ir_format("    adcc_check_skip(&ck, \"%s\", \"%s\", \"%s\", \"%s\");\n", cf->f->name, sfx, param,
                              why));
}

static void emit_func(FILE *out, const CheckFunc *cf, const Vec *gen, Vec *calls)
{
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        if (!find_annot(cf->f, kinds[k].kind))
            continue;
        Func *d = derivative(gen, cf->f, kinds[k].suffix);
        Role role[64 * 4 + 1];
        int of[64 * 4 + 1];
        if (cf->skip)
            skip_row(calls, cf, kinds[k].suffix, cf->skip_param, cf->skip);
        else if (!d || d->params.len > 64 * 4 || !roles(cf->f, d, role, of))
            skip_row(calls, cf, kinds[k].suffix, "-", ir_format("adcc generated no %s_%s of the contract's shape",
                                                                 cf->f->name, kinds[k].suffix));
        else
            emit_kind(out, cf, gen, (int)k, calls);
    }
}

void cg_emit_check(FILE *out, const CgCheck *ck, Module *m, Vec *gen)
{
    const char *base = strrchr(m->file, '/') ? strrchr(m->file, '/') + 1 : m->file;
    const char *dot = strrchr(base, '.');
    const char *stem = ir_format("%.*s", (int)(dot ? (size_t)(dot - base) : strlen(base)), base);
    fprintf(out, "/* Generated by adcc --emit-check from %s: checks the derivatives adcc generates\n"
                 " * for it against finite differences and prints a table; exits 0 when every\n"
                 " * check passes. Build it with the model and its derivatives:\n"
                 " *   adcc %s -o %s_grad.c\n"
                 " *   cc %s %s_grad.c %s_check.c -ladcc -lopenblas -lm -lpthread -o %s_check\n"
                 " * and run it, optionally with a seed: ./%s_check [SEED]. */\n",
            base, base, stem, base, stem, stem, stem, stem);
    fputs("#include <stdlib.h>\n\n#include <adcc_check.h>\n\n", out);
    emit_prototypes(out, ck, gen, stem);
    Vec calls = {0};
    for (int i = 0; i < ck->funcs.len; i++)
        emit_func(out, ck->funcs.items[i], gen, &calls);
    fputs("int main(int argc, char **argv)\n{\n    AdccCheck ck;\n", out);
    fprintf(out, "    adcc_check_init(&ck, \"%s\", argc, argv);\n", base);
    for (int i = 0; i < calls.len; i++)
        fputs(calls.items[i], out);
    fputs("    return adcc_check_finish(&ck);\n}\n", out);
}
