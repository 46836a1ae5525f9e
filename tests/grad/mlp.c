// RUN: %gradcheck %s %t
// A small MLP in plain C loops: 3 -> 5 (tanh) -> 2, mean squared error over
// a batch, gradients for all weights and biases. Forward mode (f_jvp) and
// Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

#define NIN 3
#define NHID 5
#define NOUT 2

ADCC_GRAD(W1, b1, W2, b2)
ADCC_JVP(W1, b1, W2, b2)
ADCC_HVP(W1, b1, W2, b2)
double mlp_loss(const double *W1, const double *b1, const double *W2, const double *b2,
                const double *X, const double *Y, int nsamp)
{
    double loss = 0.0;
    double h[NHID];
    for (int s = 0; s < nsamp; s++) {
        const double *x = X + s * NIN;
        for (int i = 0; i < NHID; i++) {
            double z = b1[i];
            for (int j = 0; j < NIN; j++)
                z += W1[i * NIN + j] * x[j];
            h[i] = tanh(z);
        }
        for (int k = 0; k < NOUT; k++) {
            double o = b2[k];
            for (int i = 0; i < NHID; i++)
                o += W2[k * NHID + i] * h[i];
            double d = o - Y[s * NOUT + k];
            loss += 0.5 * d * d;
        }
    }
    return loss / nsamp;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define NSAMP 8
#define OFF_B1 (NHID * NIN)
#define OFF_W2 (OFF_B1 + NHID)
#define OFF_B2 (OFF_W2 + NOUT * NHID)
#define NP (OFF_B2 + NOUT)

double mlp_loss_grad(const double *W1, double *d_W1, const double *b1, double *d_b1,
                     const double *W2, double *d_W2, const double *b2, double *d_b2,
                     const double *X, const double *Y, int nsamp);
double mlp_loss_jvp(const double *W1, const double *t_W1, const double *b1, const double *t_b1,
                    const double *W2, const double *t_W2, const double *b2, const double *t_b2,
                    const double *X, const double *Y, int nsamp, double *t_ret);
double mlp_loss_hvp(const double *W1, const double *v_W1, double *d_W1, double *hv_W1,
                    const double *b1, const double *v_b1, double *d_b1, double *hv_b1,
                    const double *W2, const double *v_W2, double *d_W2, double *hv_W2,
                    const double *b2, const double *v_b2, double *d_b2, double *hv_b2,
                    const double *X, const double *Y, int nsamp);

static double X[NSAMP * NIN], Y[NSAMP * NOUT];

/* p = W1, b1, W2, b2 back to back. */
static double eval(const double *p, int np)
{
    (void)np;
    return mlp_loss(p, p + OFF_B1, p + OFF_W2, p + OFF_B2, X, Y, NSAMP);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = mlp_loss_jvp(p, tp, p + OFF_B1, tp + OFF_B1, p + OFF_W2, tp + OFF_W2, p + OFF_B2,
                            tp + OFF_B2, X, Y, NSAMP, &t);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    mlp_loss_grad(p, g, p + OFF_B1, g + OFF_B1, p + OFF_W2, g + OFF_W2, p + OFF_B2, g + OFF_B2, X,
                  Y, NSAMP);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    mlp_loss_hvp(p, v, g, hv, p + OFF_B1, v + OFF_B1, g + OFF_B1, hv + OFF_B1, p + OFF_W2,
                 v + OFF_W2, g + OFF_W2, hv + OFF_W2, p + OFF_B2, v + OFF_B2, g + OFF_B2,
                 hv + OFF_B2, X, Y, NSAMP);
}

int main(void)
{
    GcRng rng = gc_seed(53);
    for (int t = 0; t < 4; t++) {
        double p[NP], g[NP] = {0.0};
        gc_fill(&rng, p, NP, -1.0, 1.0);
        gc_fill(&rng, X, NSAMP * NIN, -2.0, 2.0);
        gc_fill(&rng, Y, NSAMP * NOUT, -1.0, 1.0);
        double v = mlp_loss_grad(p, g, p + OFF_B1, g + OFF_B1, p + OFF_W2, g + OFF_W2,
                                 p + OFF_B2, g + OFF_B2, X, Y, NSAMP);
        double want = eval(p, NP);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("mlp_loss", eval, p, NP, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[NP], u[NP];
        gc_fill_dir(&rng, tp, NP);
        gc_fill_dir(&rng, u, NP);
        gc_check_jvp("mlp_loss", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("mlp_loss", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("mlp");
}
#endif
