// RUN: %gradcheck %s %t
// Softmax cross-entropy of a linear classifier in C loops: logits in one
// local array reused per sample, max shift via fmax, int labels indexing it.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

#define NCLS_MAX 8

ADCC_GRAD(W, b)
ADCC_JVP(W, b)
ADCC_HVP(W, b)
double softmax_xent(const double *W, const double *b, const double *X, const int *labels,
                    int nsamp, int nfeat, int ncls)
{
    double loss = 0.0;
    double z[NCLS_MAX];
    for (int s = 0; s < nsamp; s++) {
        double zmax = -1e300;
        for (int c = 0; c < ncls; c++) {
            z[c] = b[c];
            for (int f = 0; f < nfeat; f++)
                z[c] += W[c * nfeat + f] * X[s * nfeat + f];
            zmax = fmax(zmax, z[c]);
        }
        double sum = 0.0;
        for (int c = 0; c < ncls; c++)
            sum += exp(z[c] - zmax);
        loss += log(sum) + zmax - z[labels[s]];
    }
    return loss / nsamp;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define NSAMP 10
#define NFEAT 4
#define NCLS 5
#define NP (NCLS * NFEAT + NCLS)

double softmax_xent_grad(const double *W, double *d_W, const double *b, double *d_b,
                         const double *X, const int *labels, int nsamp, int nfeat, int ncls);
double softmax_xent_jvp(const double *W, const double *t_W, const double *b, const double *t_b,
                        const double *X, const int *labels, int nsamp, int nfeat, int ncls,
                        double *t_ret);
double softmax_xent_hvp(const double *W, const double *v_W, double *d_W, double *hv_W,
                        const double *b, const double *v_b, double *d_b, double *hv_b,
                        const double *X, const int *labels, int nsamp, int nfeat, int ncls);

static double X[NSAMP * NFEAT];
static int labels[NSAMP];

/* p = W[0..NCLS*NFEAT), b[0..NCLS). */
static double eval(const double *p, int np)
{
    (void)np;
    return softmax_xent(p, p + NCLS * NFEAT, X, labels, NSAMP, NFEAT, NCLS);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = softmax_xent_jvp(p, tp, p + NCLS * NFEAT, tp + NCLS * NFEAT, X, labels, NSAMP, NFEAT,
                                NCLS, &t);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    softmax_xent_grad(p, g, p + NCLS * NFEAT, g + NCLS * NFEAT, X, labels, NSAMP, NFEAT, NCLS);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    softmax_xent_hvp(p, v, g, hv, p + NCLS * NFEAT, v + NCLS * NFEAT, g + NCLS * NFEAT,
                     hv + NCLS * NFEAT, X, labels, NSAMP, NFEAT, NCLS);
}

int main(void)
{
    GcRng rng = gc_seed(57);
    for (int t = 0; t < 5; t++) {
        double p[NP], g[NP] = {0.0};
        gc_fill(&rng, p, NP, -1.0, 1.0);
        gc_fill(&rng, X, NSAMP * NFEAT, -2.0, 2.0);
        for (int s = 0; s < NSAMP; s++)
            labels[s] = gc_int(&rng, 0, NCLS - 1);
        double v = softmax_xent_grad(p, g, p + NCLS * NFEAT, g + NCLS * NFEAT, X, labels, NSAMP,
                                     NFEAT, NCLS);
        double want = eval(p, NP);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("softmax_xent", eval, p, NP, g, GC_RTOL, GC_ATOL);
        double tp[NP], u[NP];
        gc_fill_dir(&rng, tp, NP);
        gc_fill_dir(&rng, u, NP);
        gc_check_jvp("softmax_xent", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("softmax_xent", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL, GC_ATOL);
    }
    return gc_report("softmax_xent");
}
#endif
