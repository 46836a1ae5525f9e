/* gen_check.c: the check section of a random program (#ifndef __ADCC__):
 * the recorders of branch sites, eval / eval_jvp / eval_grad / eval_hvp
 * wrappers over one flat vector p of the active inputs (output arrays'
 * initial contents included, outputs weighted into one scalar), and a main
 * that checks f_grad, f_jvp and f_hvp with gradcheck.h at test points whose
 * finite-difference stencils take the same branches as the point itself,
 * and model_ck's f_grad against model's (the same arithmetic in the same
 * order: the same value to 1e-14, the same gradient to 1e-12). */
#include "gen.h"

#include <string.h>

typedef enum ArgMode { A_PRIMAL, A_REF, A_GRAD, A_JVP, A_HVP } ArgMode;

static int is_active(const Param *p)
{
    return p->kind != PK_INACTIVE && p->kind != PK_INT;
}

static int is_io(const Param *p)
{
    return p->kind == PK_IO_ARRAY || p->kind == PK_OUT_SCALAR;
}

/* ---- prototypes of the generated functions --------------------------------- */

static void companions(Buf *b, const Param *p, ArgMode mode)
{
    const char *n = p->name;
    int arr = p->kind != PK_SCALAR, in = p->kind == PK_IN_ARRAY;
    if (mode == A_GRAD)
        buf_printf(b, ", double *d_%s", n);
    else if (mode == A_JVP)
        buf_printf(b, arr ? ", %sdouble *t_%s" : ", double t_%s", arr ? (in ? "const " : "") : n, n);
    else if (arr)
        buf_printf(b, ", %sdouble *v_%s, double *d_%s, double *hv_%s", in ? "const " : "", n, n, n);
    else
        buf_printf(b, ", double v_%s, double *d_%s, double *hv_%s", n, n, n);
}

static void prototype(Gen *g, Buf *b, ArgMode mode, const char *suffix)
{
    buf_printf(b, "double model_%s(", suffix);
    for (int i = 0; i < g->nparams; i++) {
        const Param *p = &g->params[i];
        const char *type = p->kind == PK_IN_ARRAY  ? "const double *"
                           : p->kind == PK_INT     ? "int "
                           : is_io(p)              ? "double *"
                                                   : "double ";
        buf_printf(b, "%s%s%s", i ? ", " : "", type, p->name);
        if (is_active(p))
            companions(b, p, mode);
    }
    buf_printf(b, "%s);\n", mode == A_JVP ? ", double *t_ret" : "");
}

/* ---- arguments of the calls ------------------------------------------------- */

static void primal_arg(Buf *b, const Param *p, const char *io)
{
    switch (p->kind) {
    case PK_IN_ARRAY:
        buf_printf(b, "p + %d", p->offset);
        return;
    case PK_SCALAR:
        buf_printf(b, "p[%d]", p->offset);
        return;
    case PK_INACTIVE:
    case PK_INT:
        buf_printf(b, "ck_%s", p->name);
        return;
    case PK_IO_ARRAY:
    case PK_OUT_SCALAR:
        buf_printf(b, "%s_%s", io, p->name);
        return;
    }
}

static void companion_args(Buf *b, const Param *p, ArgMode mode)
{
    const char *n = p->name;
    int o = p->offset;
    if (mode == A_GRAD)
        buf_printf(b, ", g + %d", o);
    else if (mode == A_JVP && p->kind == PK_SCALAR)
        buf_printf(b, ", tp[%d]", o);
    else if (mode == A_JVP && is_io(p))
        buf_printf(b, ", t_%s", n);
    else if (mode == A_JVP)
        buf_printf(b, ", tp + %d", o);
    else if (p->kind == PK_SCALAR)
        buf_printf(b, ", v[%d], g + %d, hv + %d", o, o, o);
    else if (is_io(p))
        buf_printf(b, ", v_%s, g + %d, hv + %d", n, o, o);
    else
        buf_printf(b, ", v + %d, g + %d, hv + %d", o, o, o);
}

/* The argument list of model or model_<mode>. */
static char *args(Gen *g, ArgMode mode)
{
    Buf b = {0};
    buf_printf(&b, "%s", "");
    for (int i = 0; i < g->nparams; i++) {
        const Param *p = &g->params[i];
        if (i)
            buf_printf(&b, ", ");
        primal_arg(&b, p, mode == A_REF ? "ref" : "io");
        if (is_active(p) && mode != A_PRIMAL && mode != A_REF)
            companion_args(&b, p, mode);
    }
    if (mode == A_JVP)
        buf_printf(&b, ", &t");
    return b.s;
}

/* ---- pieces of the wrappers ------------------------------------------------- */

/* double <prefix>_y[size] holding src's slots of each output parameter. */
static void io_copies(Gen *g, Buf *b, const char *prefix, const char *src)
{
    for (int i = 0; i < g->nparams; i++) {
        const Param *p = &g->params[i];
        if (!is_io(p))
            continue;
        buf_printf(b, "    double %s_%s[%d];\n", prefix, p->name, p->size);
        buf_printf(b, "    memcpy(%s_%s, %s + %d, sizeof %s_%s);\n", prefix, p->name, src, p->offset, prefix,
                   p->name);
    }
}

/* + sum_j w_j <prefix>_y_j over the outputs. */
static char *weighted(Gen *g, const char *prefix)
{
    Buf b = {0};
    buf_printf(&b, "%s", "");
    for (int i = 0; i < g->nparams; i++) {
        const Param *p = &g->params[i];
        if (is_io(p))
            buf_printf(&b, " + gc_dot(ck_w + %d, %s_%s, %d)", p->offset, prefix, p->name, p->size);
    }
    return b.s;
}

/* The outputs a derivative call wrote against those of the model itself. */
static void output_checks(Gen *g, Buf *b)
{
    for (int i = 0; i < g->nparams; i++) {
        const Param *p = &g->params[i];
        if (is_io(p))
            buf_printf(b, "    gc_check_array(io_%s, ref_%s, %d, GC_PRIMAL_RTOL, 0.0);\n", p->name, p->name,
                       p->size);
    }
}

/* Zeroes the adjoints and seeds the outputs' adjoints with their weights. */
static void seeds(Gen *g, Buf *b, const char *extra)
{
    buf_printf(b, "    memset(g, 0, sizeof(double) * NP);\n%s", extra);
    for (int i = 0; i < g->nparams; i++) {
        const Param *p = &g->params[i];
        if (is_io(p))
            buf_printf(b, "    memcpy(g + %d, ck_w + %d, sizeof(double) * %d);\n", p->offset, p->offset,
                       p->size);
    }
}

/* ---- the recorders of branch sites ------------------------------------------ */

static const char recorder_state[] =
    "/* Each branch site's outcome, in order, hashed; the smallest distance to a\n"
    " * switch. Test points whose stencils change the trace are skipped. */\n"
    "static uint64_t rg_hash;\n"
    "static long rg_count;\n"
    "static double rg_margin;\n\n";

static const char recorder_note[] =
    "static void rg_note(int site, long outcome, double margin)\n"
    "{\n"
    "    rg_hash = (rg_hash ^ (uint64_t)(site * 1000003L + outcome)) * 0x100000001b3ull;\n"
    "    rg_count++;\n"
    "    if (margin > 0.0 && margin < rg_margin) /* 0: a tie of equal values, never switches */\n"
    "        rg_margin = margin;\n"
    "}\n\n";

static void recorders(Gen *g, Buf *b)
{
    buf_printf(b, "%s", recorder_state);
    if (g->used_gt || g->used_int || g->used_fabs || g->used_fmax || g->used_fmin)
        buf_printf(b, "%s", recorder_note);
    if (g->used_gt)
        buf_printf(b, "static int rg_gt(double a, double b, int site)\n{\n"
                      "    rg_note(site, a > b, fabs(a - b));\n    return a > b;\n}\n\n");
    if (g->used_int)
        buf_printf(b, "static int rg_int(double e, int site)\n{\n"
                      "    rg_note(site, (int)e, gc_dist_int(e));\n    return (int)e;\n}\n\n");
    if (g->used_fabs)
        buf_printf(b, "static double rg_fabs(double e, int site)\n{\n"
                      "    rg_note(site, e > 0.0, fabs(e));\n    return fabs(e);\n}\n\n");
    if (g->used_fmax)
        buf_printf(b, "static double rg_fmax(double a, double b, int site)\n{\n"
                      "    rg_note(site, a >= b, fabs(a - b));\n    return fmax(a, b);\n}\n\n");
    if (g->used_fmin)
        buf_printf(b, "static double rg_fmin(double a, double b, int site)\n{\n"
                      "    rg_note(site, a <= b, fabs(a - b));\n    return fmin(a, b);\n}\n\n");
}

/* ---- the wrappers ------------------------------------------------------------ */

static void globals(Gen *g, Buf *b)
{
    buf_printf(b, "#define NP %d\n#define NPOINTS %d\n#define RG_MARGIN 1e-3\n\n", g->np, g->opt.points);
    buf_printf(b, "/* weights of the outputs' slots in the scalar the checks differentiate */\n");
    buf_printf(b, "static double ck_w[NP];\n");
    for (int i = 0; i < g->nparams; i++) {
        const Param *p = &g->params[i];
        if (p->kind == PK_INT)
            buf_printf(b, "static int ck_%s;\n", p->name);
        else if (p->kind == PK_INACTIVE)
            buf_printf(b, "static double ck_%s;\n", p->name);
    }
    buf_printf(b, "\n");
}

/* model_ck's f_grad against model's, at the same point. */
static void ckpt_fn(Gen *g, Buf *b)
{
    buf_printf(b, "/* model_ck's f_grad against model's: value r_plain, gradient g_plain */\n");
    buf_printf(b, "static void check_ckpt(const double *p, const double *g_plain, double r_plain)\n{\n"
                  "    double g[NP];\n");
    seeds(g, b, "");
    io_copies(g, b, "io", "p");
    io_copies(g, b, "ref", "p");
    buf_printf(b, "    double r = model_ck_grad(%s);\n", args(g, A_GRAD));
    buf_printf(b, "    gc_check_close(r, r_plain, 1e-14, 0.0);\n");
    buf_printf(b, "    gc_check_close(r, model(%s), GC_PRIMAL_RTOL, 0.0);\n", args(g, A_REF));
    output_checks(g, b);
    buf_printf(b, "    gc_check_array(g, g_plain, NP, 1e-12, 0.0);\n}\n\n");
}

static void eval_fns(Gen *g, Buf *b)
{
    buf_printf(b, "/* p: the active inputs, output arrays' initial contents included */\n");
    buf_printf(b, "static double eval(const double *p, int np)\n{\n    (void)np;\n");
    io_copies(g, b, "io", "p");
    buf_printf(b, "    return model(%s)%s;\n}\n\n", args(g, A_PRIMAL), weighted(g, "io"));

    buf_printf(b, "static double eval_jvp(const double *p, const double *tp, int np)\n{\n    (void)np;\n");
    io_copies(g, b, "io", "p");
    io_copies(g, b, "ref", "p");
    io_copies(g, b, "t", "tp");
    buf_printf(b, "    double t;\n    double r = model_jvp(%s);\n", args(g, A_JVP));
    buf_printf(b, "    gc_check_close(r, model(%s), GC_PRIMAL_RTOL, 0.0);\n", args(g, A_REF));
    output_checks(g, b);
    buf_printf(b, "    return t%s;\n}\n\n", weighted(g, "t"));

    buf_printf(b, "static double run_grad(const double *p, double *g, int check)\n{\n");
    seeds(g, b, "");
    io_copies(g, b, "io", "p");
    io_copies(g, b, "ref", "p");
    buf_printf(b, "    double r = model_grad(%s);\n    if (!check)\n        return r;\n", args(g, A_GRAD));
    buf_printf(b, "    gc_check_close(r, model(%s), GC_PRIMAL_RTOL, 0.0);\n", args(g, A_REF));
    output_checks(g, b);
    buf_printf(b, "    return r;\n}\n\n");

    if (g->opt.enabled[FE_CHECKPOINT])
        ckpt_fn(g, b);

    buf_printf(b, "static void eval_grad(const double *p, int np, double *g)\n{\n"
                  "    (void)np;\n    (void)run_grad(p, g, 0);\n}\n\n");

    buf_printf(b, "/* d_y holds the seed w (tangent 0: hv_y starts at 0), v_y the direction. */\n");
    buf_printf(b, "static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)\n"
                  "{\n    (void)np;\n");
    seeds(g, b, "    memset(hv, 0, sizeof(double) * NP);\n");
    io_copies(g, b, "io", "p");
    io_copies(g, b, "v", "v");
    buf_printf(b, "    model_hvp(%s);\n}\n\n", args(g, A_HVP));
}

/* ---- main ------------------------------------------------------------------------ */

static const char stencil_fns[] =
    "static void trace_at(const double *p)\n"
    "{\n"
    "    rg_hash = 0;\n"
    "    rg_count = 0;\n"
    "    rg_margin = INFINITY;\n"
    "    (void)eval(p, NP);\n"
    "}\n\n"
    "/* Whether p + s, for each step s the checks take (gc_fd per component,\n"
    " * along tp for f_jvp and f_hvp), takes the branches p takes. */\n"
    "static int same_branches(const double *p, const double *tp)\n"
    "{\n"
    "    static const double k[4] = {1.0, -1.0, 2.0, -2.0};\n"
    "    double q[NP];\n"
    "    trace_at(p);\n"
    "    uint64_t hash = rg_hash;\n"
    "    long count = rg_count;\n"
    "    if (rg_margin < RG_MARGIN)\n"
    "        return 0;\n"
    "    double hd = GC_H * gc_scale(gc_max_abs(p, NP));\n"
    "    for (int i = 0; i <= NP; i++) {\n"
    "        for (int j = 0; j < 4; j++) {\n"
    "            for (int l = 0; l < NP; l++)\n"
    "                q[l] = i < NP ? p[l] : p[l] + k[j] * hd * tp[l];\n"
    "            if (i < NP)\n"
    "                q[i] += k[j] * GC_H * gc_scale(p[i]);\n"
    "            trace_at(q);\n"
    "            if (rg_hash != hash || rg_count != count)\n"
    "                return 0;\n"
    "        }\n"
    "    }\n"
    "    return 1;\n"
    "}\n\n";

static void check_point_fn(Gen *g, Buf *b)
{
    buf_printf(b, "static void check_point(const double *p, const double *tp, const double *u)\n"
                  "{\n"
                  "    double g[NP];\n"
                  "    double r = run_grad(p, g, 1);\n");
    if (g->opt.enabled[FE_CHECKPOINT])
        buf_printf(b, "    check_ckpt(p, g, r);\n");
    else
        buf_printf(b, "    (void)r;\n");
    buf_printf(b, "    double atol = GC_ATOL * gc_scale(eval(p, NP));\n"
                  "    gc_check_grad(\"model\", eval, p, NP, g, GC_RTOL, atol);\n"
                  "    gc_check_jvp(\"model\", eval, eval_jvp, p, tp, NP, g, GC_RTOL, atol);\n"
                  "    gc_check_hvp(\"model\", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL, atol);\n"
                  "}\n\n");
}

static void main_fn(Gen *g, Buf *b)
{
    buf_printf(b, "%s", stencil_fns);
    check_point_fn(g, b);
    buf_printf(b, "int main(void)\n{\n    GcRng rng = gc_seed(%llu);\n    int done = 0;\n",
               (unsigned long long)g->opt.seed);
    buf_printf(b, "    for (int tries = 0; tries < 200 && done < NPOINTS; tries++) {\n");
    for (int i = 0; i < g->nparams; i++) {
        const Param *p = &g->params[i];
        if (p->kind == PK_INT)
            buf_printf(b, "        ck_%s = gc_int(&rng, %d, %d);\n", p->name, p->lo, p->hi);
        else if (p->kind == PK_INACTIVE)
            buf_printf(b, "        ck_%s = gc_uniform(&rng, -1.0, 1.0);\n", p->name);
    }
    buf_printf(b, "        double p[NP], tp[NP], u[NP];\n"
                  "        gc_fill(&rng, p, NP, -1.0, 1.0);\n"
                  "        gc_fill(&rng, ck_w, NP, -1.0, 1.0);\n"
                  "        gc_fill_dir(&rng, tp, NP);\n"
                  "        gc_fill_dir(&rng, u, NP);\n"
                  "        if (!same_branches(p, tp))\n            continue;\n"
                  "        check_point(p, tp, u);\n        done++;\n    }\n");
    buf_printf(b, "    if (done < NPOINTS) {\n        fprintf(stderr, \"random %llu: only %%d of %%d test "
                  "points keep their stencils on one side of every branch\\n\", done, NPOINTS);\n"
                  "        return 1;\n    }\n",
               (unsigned long long)g->opt.seed);
    buf_printf(b, "    return gc_report(\"random %llu\");\n}\n", (unsigned long long)g->opt.seed);
}

void gen_check(Gen *g, Buf *b)
{
    buf_printf(b, "#ifndef __ADCC__\n#include \"gradcheck.h\"\n\n");
    prototype(g, b, A_GRAD, "grad");
    if (g->opt.enabled[FE_CHECKPOINT])
        prototype(g, b, A_GRAD, "ck_grad");
    prototype(g, b, A_JVP, "jvp");
    prototype(g, b, A_HVP, "hvp");
    buf_printf(b, "\n");
    globals(g, b);
    recorders(g, b);
    eval_fns(g, b);
    main_fn(g, b);
    buf_printf(b, "#endif\n");
}
