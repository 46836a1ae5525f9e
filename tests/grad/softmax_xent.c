// RUN: %gradcheck %s %t
// Softmax cross-entropy of a linear classifier in C loops: logits in one
// local array reused per sample, max shift via fmax, int labels indexing it.
#include <adcc.h>
#include <math.h>

#define NCLS_MAX 8

ADCC_GRAD(W, b)
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

static double X[NSAMP * NFEAT];
static int labels[NSAMP];

/* p = W[0..NCLS*NFEAT), b[0..NCLS). */
static double eval(const double *p, int np)
{
    (void)np;
    return softmax_xent(p, p + NCLS * NFEAT, X, labels, NSAMP, NFEAT, NCLS);
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
    }
    return gc_report("softmax_xent");
}
#endif
