// RUN: %gradcheck %s %t
// f_hvp through checkpointed loops and calls: the snapshots hold the
// tangents beside the values (f_hvp used to tape such loops plainly, so
// its memory grew with the steps). Each model comes checkpointed and
// plainly taped: the checkpointed f_hvp must equal the taped one to 1e-12
// relative, and H v must match differences of f_grad.
//   local_state: a local array and a scalar as state, inferred;
//   pointer_state: a pointer into one of two buffers swapped each step;
//   ck_call: an ADCC_CHECKPOINT helper called in a loop;
//   nested: a checkpointed loop inside a loop.
#include <adcc.h>
#include <math.h>

#define BODY_LOCAL                                                    \
    double a = u[0];                                                  \
    u[0] = u[0] + 0.05 * (u[1] - c * a * a * a);                      \
    u[1] = u[1] + 0.05 * (u[2] - u[0]);                               \
    u[2] = u[2] - 0.05 * sin(u[1]);                                   \
    energy += u[0] * u[0] * c;

ADCC_GRAD(u0, c)
ADCC_HVP(u0, c)
double local_state_ck(const double *u0, double c, int steps)
{
    double u[3] = {u0[0], u0[1], u0[2]};
    double energy = 0.0;
    ADCC_CHECKPOINT_LOOP(3)
    for (int t = 0; t < steps; t++) {
        BODY_LOCAL
    }
    return energy + u[2];
}

ADCC_HVP(u0, c)
double local_state_plain(const double *u0, double c, int steps)
{
    double u[3] = {u0[0], u0[1], u0[2]};
    double energy = 0.0;
    for (int t = 0; t < steps; t++) {
        BODY_LOCAL
    }
    return energy + u[2];
}

ADCC_GRAD(x)
ADCC_HVP(x)
double pointer_state_ck(const double *x, int steps)
{
    double a[2] = {x[0], x[1]}, b[2] = {0.0, 0.0};
    double *cur = a, *next = b;
    ADCC_CHECKPOINT_LOOP(2, a, b)
    for (int t = 0; t < steps; t++) {
        next[0] = cur[0] + 0.1 * sin(cur[1]) * x[2];
        next[1] = cur[1] - 0.1 * cur[0] * cur[0];
        double *tmp = cur;
        cur = next;
        next = tmp;
    }
    return cur[0] * cur[1];
}

ADCC_HVP(x)
double pointer_state_plain(const double *x, int steps)
{
    double a[2] = {x[0], x[1]}, b[2] = {0.0, 0.0};
    double *cur = a, *next = b;
    for (int t = 0; t < steps; t++) {
        next[0] = cur[0] + 0.1 * sin(cur[1]) * x[2];
        next[1] = cur[1] - 0.1 * cur[0] * cur[0];
        double *tmp = cur;
        cur = next;
        next = tmp;
    }
    return cur[0] * cur[1];
}

ADCC_CHECKPOINT
static double relax(double s, const double *p)
{
    for (int k = 0; k < 4; k++)
        s = s - 0.2 * (s * s * p[0] - p[1]);
    return s;
}

static double relax_plain(double s, const double *p)
{
    for (int k = 0; k < 4; k++)
        s = s - 0.2 * (s * s * p[0] - p[1]);
    return s;
}

ADCC_GRAD(p)
ADCC_HVP(p)
double ck_call_ck(const double *p, int n)
{
    double s = 0.5, acc = 0.0;
    for (int i = 0; i < n; i++) {
        s = relax(s, p);
        acc += s * p[2];
    }
    return acc;
}

ADCC_HVP(p)
double ck_call_plain(const double *p, int n)
{
    double s = 0.5, acc = 0.0;
    for (int i = 0; i < n; i++) {
        s = relax_plain(s, p);
        acc += s * p[2];
    }
    return acc;
}

ADCC_GRAD(x)
ADCC_HVP(x)
double nested_ck(const double *x, int outer, int inner)
{
    double s = x[0], acc = 0.0;
    for (int i = 0; i < outer; i++) {
        double v = s * x[1];
        ADCC_CHECKPOINT_LOOP(2)
        for (int j = 0; j < inner; j++)
            v = v - 0.1 * sin(v) * x[2];
        acc += v * v;
        s = 0.5 * s + 0.1 * v;
    }
    return acc + s;
}

ADCC_HVP(x)
double nested_plain(const double *x, int outer, int inner)
{
    double s = x[0], acc = 0.0;
    for (int i = 0; i < outer; i++) {
        double v = s * x[1];
        for (int j = 0; j < inner; j++)
            v = v - 0.1 * sin(v) * x[2];
        acc += v * v;
        s = 0.5 * s + 0.1 * v;
    }
    return acc + s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define STEPS 23

double local_state_ck_grad(const double *u0, double *d_u0, double c, double *d_c, int steps);
double local_state_ck_hvp(const double *u0, const double *v_u0, double *d_u0, double *hv_u0, double c, double v_c,
                          double *d_c, double *hv_c, int steps);
double local_state_plain_hvp(const double *u0, const double *v_u0, double *d_u0, double *hv_u0, double c,
                             double v_c, double *d_c, double *hv_c, int steps);
double pointer_state_ck_grad(const double *x, double *d_x, int steps);
double pointer_state_ck_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int steps);
double pointer_state_plain_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int steps);
double ck_call_ck_grad(const double *p, double *d_p, int n);
double ck_call_ck_hvp(const double *p, const double *v_p, double *d_p, double *hv_p, int n);
double ck_call_plain_hvp(const double *p, const double *v_p, double *d_p, double *hv_p, int n);
double nested_ck_grad(const double *x, double *d_x, int outer, int inner);
double nested_ck_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int outer, int inner);
double nested_plain_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int outer, int inner);

/* p = u0[0..3), c */
static void ls_grad(const double *p, int np, double *g)
{
    (void)np;
    memset(g, 0, sizeof(double) * 4);
    local_state_ck_grad(p, g, p[3], &g[3], STEPS);
}

static void ls_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    memset(g, 0, sizeof(double) * 4);
    memset(hv, 0, sizeof(double) * 4);
    local_state_ck_hvp(p, v, g, hv, p[3], v[3], &g[3], &hv[3], STEPS);
}

static void ls_hvp_plain(const double *p, const double *v, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * 4);
    memset(hv, 0, sizeof(double) * 4);
    local_state_plain_hvp(p, v, g, hv, p[3], v[3], &g[3], &hv[3], STEPS);
}

#define WRAP(name, call_grad, call_hvp, call_plain, n)                             \
    static void name##_g(const double *p, int np, double *g)                       \
    {                                                                              \
        (void)np;                                                                  \
        memset(g, 0, sizeof(double) * (n));                                        \
        call_grad;                                                                 \
    }                                                                              \
    static void name##_h(const double *p, const double *v, int np, double *g, double *hv) \
    {                                                                              \
        (void)np;                                                                  \
        memset(g, 0, sizeof(double) * (n));                                        \
        memset(hv, 0, sizeof(double) * (n));                                       \
        call_hvp;                                                                  \
    }                                                                              \
    static void name##_hp(const double *p, const double *v, double *g, double *hv) \
    {                                                                              \
        memset(g, 0, sizeof(double) * (n));                                        \
        memset(hv, 0, sizeof(double) * (n));                                       \
        call_plain;                                                                \
    }

WRAP(ps, pointer_state_ck_grad(p, g, STEPS), pointer_state_ck_hvp(p, v, g, hv, STEPS),
     pointer_state_plain_hvp(p, v, g, hv, STEPS), 3)
WRAP(cc, ck_call_ck_grad(p, g, 7), ck_call_ck_hvp(p, v, g, hv, 7), ck_call_plain_hvp(p, v, g, hv, 7), 3)
WRAP(ne, nested_ck_grad(p, g, 4, 9), nested_ck_hvp(p, v, g, hv, 4, 9), nested_plain_hvp(p, v, g, hv, 4, 9), 3)

typedef void (*GradFn)(const double *, int, double *);
typedef void (*HvpFn)(const double *, const double *, int, double *, double *);
typedef void (*PlainFn)(const double *, const double *, double *, double *);

static void check(const char *name, GradFn grad, HvpFn hvp, PlainFn plain, const double *p, const double *v,
                  const double *u, int n)
{
    double g[4], hv[4], g2[4], hv2[4];
    hvp(p, v, n, g, hv);
    plain(p, v, g2, hv2);
    gc_check_array(hv, hv2, n, 1e-12, 0.0);
    gc_check_array(g, g2, n, 1e-12, 0.0);
    gc_check_hvp(name, grad, hvp, p, v, u, n, GC_RTOL, GC_ATOL);
}

int main(void)
{
    GcRng rng = gc_seed(71);
    for (int t = 0; t < 3; t++) {
        double p[4], v[4], u[4];
        gc_fill(&rng, p, 4, -0.8, 0.8);
        gc_fill_dir(&rng, v, 4);
        gc_fill_dir(&rng, u, 4);
        p[3] = 0.5 + 0.2 * p[3];
        check("local_state", ls_grad, ls_hvp, ls_hvp_plain, p, v, u, 4);
        check("pointer_state", ps_g, ps_h, ps_hp, p, v, u, 3);
        double q[3] = {0.6 + 0.2 * p[0], 0.4 + 0.1 * p[1], p[2]};
        check("ck_call", cc_g, cc_h, cc_hp, q, v, u, 3);
        check("nested", ne_g, ne_h, ne_hp, p, v, u, 3);
    }
    return gc_report("checkpoint_hvp");
}
#endif
