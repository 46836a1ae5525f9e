/* check.c: checks of the ADCC_* annotations against the function they sit
 * on: every named parameter exists, is floating-point or a pointer to
 * floating-point data, and the return type can carry a derivative; rules
 * have the contract's signatures. Also the accessors the transforms use to
 * read annotations (a function's rules, the parameters an annotation names). */
#include "ad/internal.h"

#include <string.h>

static const char *annot_name(AnnotKind k)
{
    switch (k) {
    case AN_GRAD: return "ADCC_GRAD";
    case AN_JVP: return "ADCC_JVP";
    case AN_HVP: return "ADCC_HVP";
    case AN_PULLBACK: return "ADCC_PULLBACK";
    case AN_PUSHFORWARD: return "ADCC_PUSHFORWARD";
    case AN_CHECKPOINT: return "ADCC_CHECKPOINT";
    case AN_KERNEL: return "ADCC_KERNEL";
    case AN_ELEMENTS: return "ADCC_ELEMENTS";
    }
    ADCC_UNREACHABLE();
}

static void check_params(Func *f, Annot *an)
{
    const char *what = annot_name(an->kind);
    if (an->args.len == 0)
        diag_error(an->loc, "%s names no parameters; list the parameters to differentiate with respect "
                            "to, e.g. %s(x)", what, what);
    if (f->params.len > MAX_PARAMS)
        diag_error(f->loc, "'%s' has more than %d parameters; pass the values in arrays instead", f->name, MAX_PARAMS);
    for (int j = 0; j < an->args.len; j++) {
        AnnotArg *arg = an->args.items[j];
        Var *p = NULL;
        for (int i = 0; i < f->params.len; i++)
            if (strcmp(((Var *)f->params.items[i])->name, arg->name) == 0)
                p = f->params.items[i];
        if (!p) {
            diag_error(arg->loc, "%s names '%s', which is not a parameter of '%s'; name only its parameters, spelled as in its definition", what, arg->name, f->name);
            continue;
        }
        bool ok = ty_is_float(p->ty) || ty_is_object(p->ty) || (ty_is_ptr_like(p->ty) && ty_is_float(p->ty->base));
        if (ok)
            continue;
        if (ty_is_ptr_like(p->ty) && ty_is_active_type(p->ty))
            diag_error(arg->loc, "parameter '%s' of '%s' is a pointer to pointers; pass the data as one "
                                 "flat array", arg->name, f->name);
        else
            diag_error(arg->loc, "parameter '%s' of '%s' has type '%s'; only floating-point parameters "
                                 "and pointers to floating-point data can be differentiated",
                       arg->name, f->name, ty_str(p->ty));
    }
}

/* The tangent a forward rule takes after a parameter of type t (NULL: none). */
static Type *rule_tangent_type(const Type *t)
{
    if (ty_is_float(t))
        return ty_const((Type *)t, false);
    if (ty_is_object(t) || (ty_is_ptr_like(t) && ty_is_float(t->base)))
        return (Type *)t;
    return NULL;
}

static bool rule_has_result(const Func *g)
{
    return ty_is_float(g->ret) || ty_is_object(g->ret);
}

/* "void %s(double x, double *d_x, double d_ret)" (reverse) or
 * "double %s(double x, double t_x, double *t_ret)" (forward): the
 * declaration rule r of g must have, with %s for its name. */
static char *rule_signature(Func *g, bool forward)
{
    char *s = ir_strdup("");
    for (int i = 0; i < g->params.len; i++) {
        Var *p = g->params.items[i];
        s = ir_format("%s%s%s", s, *s ? ", " : "", ty_decl(p->ty, p->name));
        Type *at = forward ? rule_tangent_type(p->ty) : rule_adjoint_type(p->ty);
        if (at)
            s = ir_format("%s, %s", s, ty_decl(at, ir_format(forward ? "t_%s" : "d_%s", p->name)));
    }
    if (rule_has_result(g)) {
        Type *rt = forward ? ty_ptr(ty_const(g->ret, false)) : ty_const(g->ret, false);
        s = ir_format("%s%s%s", s, *s ? ", " : "", ty_decl(rt, forward ? "t_ret" : "d_ret"));
    }
    const char *ret = forward ? ty_str(g->ret) : "void";
    return ir_format("%s %%s(%s)", ret, *s ? s : "void");
}

static int rule_arity_of(Func *g, bool forward)
{
    int n = g->params.len + rule_has_result(g);
    for (int i = 0; i < g->params.len; i++) {
        Type *t = ((Var *)g->params.items[i])->ty;
        n += (forward ? rule_tangent_type(t) : rule_adjoint_type(t)) != NULL;
    }
    return n;
}

/* ADCC_PULLBACK(r) / ADCC_PUSHFORWARD(r) on g: r is declared with g's
 * rule signature (returning void, or g's result for a forward rule). */
static void check_rule(Module *m, Func *g, Annot *an)
{
    bool forward = an->kind == AN_PUSHFORWARD;
    const char *what = annot_name(an->kind), *kind = forward ? "forward" : "reverse";
    if (an->args.len != 1) {
        diag_error(an->loc, "%s must name exactly one function: the %s rule of '%s'", what, kind, g->name);
        return;
    }
    AnnotArg *arg = an->args.items[0];
    Func *r = ir_find_func(m, arg->name);
    if (!r) {
        diag_error(arg->loc, "%s names '%s', which is not declared; declare the rule before "
                             "'%s' as %s", what, arg->name, g->name, ir_format(rule_signature(g, forward), arg->name));
        return;
    }
    if (r->unsupported)
        return;
    Type *want = forward ? g->ret : ty_void;
    if (!ty_equal(ty_const(r->ret, false), ty_const(want, false)) || r->params.len != rule_arity_of(g, forward))
        diag_error(arg->loc, "rule '%s' of '%s' must be declared as %s", arg->name, g->name,
                   ir_format(rule_signature(g, forward), arg->name));
}

/* ADCC_ELEMENTS(a) on `T *f(const O *obj)`: a is declared `T *a(const O *obj, O *d_obj)`. */
static void check_elements(Module *m, Func *f, Annot *an)
{
    bool shape = f->params.len == 1 && ty_is_object(((Var *)f->params.items[0])->ty) &&
                 f->ret->kind == TY_PTR && ty_is_float(f->ret->base);
    if (!shape) {
        diag_error(an->loc, "ADCC_ELEMENTS must sit on a function that takes one object and returns a pointer to "
                            "its floating-point elements");
        return;
    }
    AnnotArg *arg = an->args.len == 1 ? an->args.items[0] : NULL;
    Func *a = arg ? ir_find_func(m, arg->name) : NULL;
    if (!a || a->params.len != 2 || !ty_equal(ty_const(a->ret, false), ty_const(f->ret, false)))
        diag_error(arg ? arg->loc : an->loc, "ADCC_ELEMENTS names the function that gives the adjoint's "
                   "elements; declare it as %s %s(%s, %s)", ty_str(f->ret), arg ? arg->name : "adjoint",
                   ty_decl(((Var *)f->params.items[0])->ty, "obj"),
                   ty_decl(rule_adjoint_type(((Var *)f->params.items[0])->ty), "d_obj"));
    else
        a->elements_of = f;
}

/* ADCC_CHECKPOINT[_EXTENTS(p:n, ...)]: on a definition; each p an array
 * parameter, each n an integer parameter or a number. */
static void check_checkpoint(Func *f, Annot *an)
{
    if (!f->body)
        diag_error(an->loc, "ADCC_CHECKPOINT must sit on the definition of '%s' (with its body): its calls run "
                            "the body again in the reverse sweep", f->name);
    for (int i = 0; i < an->args.len; i++) {
        AnnotArg *arg = an->args.items[i];
        const char *colon = strchr(arg->name, ':');
        Var *p = NULL, *n = NULL;
        for (int k = 0; colon && k < f->params.len; k++) {
            Var *v = f->params.items[k];
            if (strlen(v->name) == (size_t)(colon - arg->name) && strncmp(v->name, arg->name, (size_t)(colon - arg->name)) == 0)
                p = v;
            if (strcmp(v->name, colon + 1) == 0)
                n = v;
        }
        bool number = colon && colon[1] >= '0' && colon[1] <= '9' && strspn(colon + 1, "0123456789") == strlen(colon + 1);
        if (!colon || !p || !ty_is_ptr_like(p->ty))
            diag_error(arg->loc, "ADCC_CHECKPOINT_EXTENTS takes p:n with p an array parameter of '%s'; '%s' is not "
                                 "one", f->name, arg->name);
        else if (!number && (!n || !ty_is_int(n->ty)))
            diag_error(arg->loc, "in '%s', '%s' is neither an integer parameter of '%s' nor a number; an extent "
                                 "counts the elements of %s", arg->name, colon + 1, f->name, p->name);
    }
}

/* void k(int i, ...): one element's work, i its index; the other
 * parameters are what every thread shares. */
static void check_kernel(Func *f, Annot *an)
{
    Var *i = f->params.len ? f->params.items[0] : NULL;
    if (!f->body)
        diag_error(an->loc, "ADCC_KERNEL must sit on the definition of '%s' (with its body)", f->name);
    else if (f->ret->kind != TY_VOID || !i || !ty_is_int(i->ty))
        diag_error(f->loc, "ADCC_KERNEL '%s' must be a per-element function, void %s(int i, ...): it returns "
                           "nothing and takes the element's index first", f->name, f->name);
    else if (!ad_kernel_mask(f))
        diag_error(f->loc, "ADCC_KERNEL '%s' has no floating-point parameter to differentiate; a kernel reads "
                           "or writes float or double arrays", f->name);
    if (an->args.len)
        diag_error(an->loc, "ADCC_KERNEL takes no parameter names: a kernel's adjoint is taken with respect to "
                            "all its floating-point parameters");
}

/* A kernel's active parameters: every floating scalar and array. */
unsigned long long ad_kernel_mask(const Func *f)
{
    unsigned long long mask = 0;
    for (int i = 1; i < f->params.len && i < MAX_PARAMS; i++) {
        Type *t = ((Var *)f->params.items[i])->ty;
        if (ty_is_float(t) || (ty_is_ptr_like(t) && ty_is_float(ty_scalar(t))))
            mask |= 1ull << i;
    }
    return mask;
}

void ad_check_annotations(Module *m)
{
    for (int i = 0; i < m->funcs.len; i++) {
        Func *f = m->funcs.items[i];
        for (int a = 0; a < f->annots.len; a++) {
            Annot *an = f->annots.items[a];
            if (an->kind == AN_PULLBACK || an->kind == AN_PUSHFORWARD) {
                check_rule(m, f, an);
                continue;
            }
            if (an->kind == AN_ELEMENTS) {
                check_elements(m, f, an);
                continue;
            }
            if (an->kind == AN_CHECKPOINT) {
                check_checkpoint(f, an);
                continue;
            }
            if (an->kind == AN_KERNEL) {
                check_kernel(f, an);
                continue;
            }
            if (!f->body)
                diag_error(an->loc, "%s must sit on the definition of '%s' (with its body)",
                           annot_name(an->kind), f->name);
            if (f->ret->kind != TY_VOID && !ty_is_float(f->ret))
                diag_error(f->loc, "'%s' returns '%s'; a differentiated function must return float, "
                                   "double or void", f->name, ty_str(f->ret));
            check_params(f, an);
        }
    }
}

bool ad_has_annot(const Func *f, AnnotKind k)
{
    for (int a = 0; a < f->annots.len; a++)
        if (((Annot *)f->annots.items[a])->kind == k)
            return true;
    return false;
}

unsigned long long ad_annot_mask(const Func *f, AnnotKind k)
{
    unsigned long long mask = 0;
    for (int a = 0; a < f->annots.len; a++) {
        Annot *an = f->annots.items[a];
        if (an->kind != k)
            continue;
        for (int j = 0; j < an->args.len; j++) {
            AnnotArg *arg = an->args.items[j];
            for (int i = 0; i < f->params.len && i < MAX_PARAMS; i++)
                if (strcmp(((Var *)f->params.items[i])->name, arg->name) == 0)
                    mask |= 1ull << i;
        }
    }
    return mask;
}

/* The one function an annotation of kind k on g names (NULL: none). */
static const char *annotated(const Func *g, AnnotKind kind)
{
    for (int a = 0; g && a < g->annots.len; a++) {
        Annot *an = g->annots.items[a];
        if (an->kind == kind && an->args.len == 1)
            return ((AnnotArg *)an->args.items[0])->name;
    }
    return NULL;
}

const char *rule_pullback(const Func *g) { return annotated(g, AN_PULLBACK); }
const char *rule_pushforward(const Func *g) { return annotated(g, AN_PUSHFORWARD); }
const char *rule_elements(const Func *g) { return annotated(g, AN_ELEMENTS); }

void ad_report_unsupported(Func *f)
{
    if (!f->unsupported)
        return;
    diag_error(f->unsupported_loc, "%s", f->unsupported);
    diag_note(f->loc, "while differentiating '%s'", f->name);
    f->unsupported = NULL;
}
