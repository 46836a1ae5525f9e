// RUN: %gradcheck %s %t
// Hand-optimised adjoints of hot functions that have bodies in the file:
// lse (log-sum-exp) and dot each carry ADCC_PULLBACK and ADCC_PUSHFORWARD
// rules, which replace differentiating the bodies. f_grad and f_jvp are
// checked against finite differences and each other; counters in the
// rules and in the bodies show that f_grad calls the reverse rules (and
// the primal bodies for values), f_jvp the forward rules and never a body.
// The rules have bodies here too, so for f_hvp (forward over f_grad) adcc
// differentiates the reverse rules themselves and calls the forward rules
// for the primal calls: f_hvp is checked against finite differences of
// f_grad (gc_check_hvp) and against the Hessian by hand.
#include <adcc.h>
#include <math.h>

long lse_calls, lse_pb_calls, lse_pf_calls, dot_calls, dot_pb_calls, dot_pf_calls;

void lse_pb(const double *x, double *d_x, int n, double d_ret);
double lse_pf(const double *x, const double *t_x, int n, double *t_ret);
void dot_pb(const double *a, double *d_a, const double *b, double *d_b, int n, double d_ret);
double dot_pf(const double *a, const double *t_a, const double *b, const double *t_b, int n, double *t_ret);

/* log(sum_i exp(x_i)), shifted by the maximum. */
ADCC_PULLBACK(lse_pb)
ADCC_PUSHFORWARD(lse_pf)
double lse(const double *x, int n)
{
    lse_calls++;
    double m = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] > m)
            m = x[i];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(x[i] - m);
    return m + log(s);
}

/* d_x += d_ret * softmax(x), the softmax from one pass. */
void lse_pb(const double *x, double *d_x, int n, double d_ret)
{
    lse_pb_calls++;
    double m = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] > m)
            m = x[i];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(x[i] - m);
    double scale = d_ret / s;
    for (int i = 0; i < n; i++)
        d_x[i] += scale * exp(x[i] - m);
}

double lse_pf(const double *x, const double *t_x, int n, double *t_ret)
{
    lse_pf_calls++;
    double m = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] > m)
            m = x[i];
    double s = 0.0, t = 0.0;
    for (int i = 0; i < n; i++) {
        double e = exp(x[i] - m);
        s += e;
        t += e * t_x[i];
    }
    *t_ret = t / s;
    return m + log(s);
}

ADCC_PULLBACK(dot_pb)
ADCC_PUSHFORWARD(dot_pf)
double dot(const double *a, const double *b, int n)
{
    dot_calls++;
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

void dot_pb(const double *a, double *d_a, const double *b, double *d_b, int n, double d_ret)
{
    dot_pb_calls++;
    for (int i = 0; i < n; i++) {
        d_a[i] += d_ret * b[i];
        d_b[i] += d_ret * a[i];
    }
}

double dot_pf(const double *a, const double *t_a, const double *b, const double *t_b, int n, double *t_ret)
{
    dot_pf_calls++;
    double s = 0.0, t = 0.0;
    for (int i = 0; i < n; i++) {
        s += a[i] * b[i];
        t += t_a[i] * b[i] + a[i] * t_b[i];
    }
    *t_ret = t;
    return s;
}

/* lse(z) + 0.5 dot(w, w) with z_i = w_i x_i + sin(x_i). */
ADCC_GRAD(x, w)
ADCC_JVP(x, w)
ADCC_HVP(x, w)
double model(const double *x, const double *w, int n)
{
    double z[8] = {0.0};
    for (int i = 0; i < n; i++)
        z[i] = w[i] * x[i] + sin(x[i]);
    return lse(z, n) + 0.5 * dot(w, w, n) * dot(x, w, n);
}

#ifndef __ADCC__
#include "gradcheck.h"

double model_grad(const double *x, double *d_x, const double *w, double *d_w, int n);
double model_jvp(const double *x, const double *t_x, const double *w, const double *t_w, int n, double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, const double *w, const double *v_w,
                 double *d_w, double *hv_w, int n);

#define N 6
#define NP (2 * N)

/* p = x[0..N), w[0..N). */
static double eval(const double *p, int np)
{
    (void)np;
    return model(p, p + N, N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t = 0.0;
    double v = model_jvp(p, tp, p + N, tp + N, N, &t);
    gc_check_close(v, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    model_grad(p, g, p + N, g + N, N);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    double r = model_hvp(p, v, g, hv, p + N, v + N, g + N, hv + N, N);
    gc_check_close(r, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
}

/* The Hessian of the model by hand, H[NP][NP]. With s = softmax(z),
 * d2 lse = diag(s) - s s^T in z; z_i depends on (x_i, w_i) only, with
 * dz_i/dx_i = w_i + cos(x_i), dz_i/dw_i = x_i, d2z_i/dx_i^2 = -sin(x_i),
 * d2z_i/dx_i dw_i = 1. The second term is 0.5 (w.w)(x.w). */
static void hessian(const double *p, double H[NP][NP])
{
    const double *x = p, *w = p + N;
    double z[N], s[N], J[N][NP], ww = 0.0, xw = 0.0, m = -INFINITY, sum = 0.0;
    memset(J, 0, sizeof J);
    memset(H, 0, sizeof(double) * NP * NP);
    for (int i = 0; i < N; i++) {
        z[i] = w[i] * x[i] + sin(x[i]);
        m = z[i] > m ? z[i] : m;
        ww += w[i] * w[i];
        xw += x[i] * w[i];
    }
    for (int i = 0; i < N; i++)
        sum += (s[i] = exp(z[i] - m));
    for (int i = 0; i < N; i++) {
        s[i] /= sum;
        J[i][i] = w[i] + cos(x[i]);
        J[i][N + i] = x[i];
    }
    for (int a = 0; a < NP; a++)
        for (int b = 0; b < NP; b++) {
            double h = 0.0;
            for (int i = 0; i < N; i++) {
                h += s[i] * J[i][a] * J[i][b];
                for (int j = 0; j < N; j++)
                    h -= s[i] * s[j] * J[i][a] * J[j][b];
            }
            H[a][b] = h;
        }
    for (int i = 0; i < N; i++) {
        H[i][i] += s[i] * -sin(x[i]);
        H[i][N + i] += s[i];
        H[N + i][i] += s[i];
    }
    /* 0.5 ww xw: grad_x = 0.5 ww w, grad_w = w xw + 0.5 ww x */
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double wi = w[i], wj = w[j], xj = x[j];
            H[i][N + j] += wi * wj + 0.5 * ww * (i == j);  /* d/dw_j of 0.5 ww w_i */
            H[N + j][i] += wi * wj + 0.5 * ww * (i == j);
            H[N + i][N + j] += wi * xj + w[j] * x[i] + xw * (i == j); /* d/dw_j of w_i xw + 0.5 ww x_i */
        }
}

int main(void)
{
    GcRng rng = gc_seed(29);
    for (int t = 0; t < 6; t++) {
        double p[NP], g[NP] = {0.0};
        gc_fill(&rng, p, NP, -1.5, 1.5);
        long lse0 = lse_calls, lse_pb0 = lse_pb_calls, lse_pf0 = lse_pf_calls;
        long dot0 = dot_calls, dot_pb0 = dot_pb_calls, dot_pf0 = dot_pf_calls;
        double v = model_grad(p, g, p + N, g + N, N);
        /* f_grad: the bodies for the values, the reverse rules for the adjoints */
        gc_check(lse_pb_calls - lse_pb0 == 1 && dot_pb_calls - dot_pb0 == 2);
        gc_check(lse_pf_calls == lse_pf0 && dot_pf_calls == dot_pf0);
        gc_check(lse_calls - lse0 == 1 && dot_calls - dot0 == 2);
        gc_check_close(v, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("hand_adjoint", eval, p, NP, g, GC_RTOL, GC_ATOL * gc_scale(v));

        double tp[NP], u[NP];
        gc_fill_dir(&rng, tp, NP);
        gc_fill_dir(&rng, u, NP);
        lse0 = lse_calls, lse_pb0 = lse_pb_calls, lse_pf0 = lse_pf_calls;
        dot0 = dot_calls, dot_pb0 = dot_pb_calls, dot_pf0 = dot_pf_calls;
        double tangent = 0.0;
        model_jvp(p, tp, p + N, tp + N, N, &tangent);
        /* f_jvp: the forward rules only, no body nor reverse rule */
        gc_check(lse_pf_calls - lse_pf0 == 1 && dot_pf_calls - dot_pf0 == 2);
        gc_check(lse_calls == lse0 && dot_calls == dot0);
        gc_check(lse_pb_calls == lse_pb0 && dot_pb_calls == dot_pb0);
        gc_check_jvp("hand_adjoint", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL * gc_scale(v));

        /* f_hvp: forward rules for the primal calls, the reverse rules
         * differentiated (their counters count once per call there too) */
        double gh[NP] = {0.0}, hv[NP] = {0.0}, H[NP][NP], want[NP];
        lse0 = lse_calls, lse_pb0 = lse_pb_calls, lse_pf0 = lse_pf_calls;
        dot0 = dot_calls, dot_pb0 = dot_pb_calls, dot_pf0 = dot_pf_calls;
        model_hvp(p, tp, gh, hv, p + N, tp + N, gh + N, hv + N, N);
        gc_check(lse_pf_calls - lse_pf0 == 1 && dot_pf_calls - dot_pf0 == 2);
        gc_check(lse_pb_calls - lse_pb0 == 1 && dot_pb_calls - dot_pb0 == 2);
        gc_check(lse_calls == lse0 && dot_calls == dot0);
        gc_check_array(gh, g, NP, 1e-13, 0.0);
        hessian(p, H);
        for (int a = 0; a < NP; a++)
            want[a] = gc_dot(H[a], tp, NP);
        gc_check_array(hv, want, NP, 1e-12, 1e-13);
        gc_check_hvp("hand_adjoint", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL, GC_ATOL * gc_scale(v));
    }
    return gc_report("rule_hand_adjoint");
}
#endif
