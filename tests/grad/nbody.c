// RUN: %gradcheck %s %t
// N-body energy: kinetic energy through a row pointer into vel, softened
// pairwise potential in a triangular nest (j > i) with sqrt. Forward mode
// (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(pos, vel)
ADCC_JVP(pos, vel)
ADCC_HVP(pos, vel)
double nbody_energy(const double *pos, const double *vel, const double *mass, int n)
{
    double ke = 0.0, pe = 0.0;
    for (int i = 0; i < n; i++) {
        const double *v = vel + 3 * i;
        ke += 0.5 * mass[i] * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double r2 = 0.01;
            for (int k = 0; k < 3; k++) {
                double d = pos[3 * i + k] - pos[3 * j + k];
                r2 += d * d;
            }
            pe -= mass[i] * mass[j] / sqrt(r2);
        }
    return ke + pe;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define NB 5

double nbody_energy_grad(const double *pos, double *d_pos, const double *vel, double *d_vel,
                         const double *mass, int n);
double nbody_energy_jvp(const double *pos, const double *t_pos, const double *vel,
                        const double *t_vel, const double *mass, int n, double *t_ret);
double nbody_energy_hvp(const double *pos, const double *v_pos, double *d_pos, double *hv_pos,
                        const double *vel, const double *v_vel, double *d_vel, double *hv_vel,
                        const double *mass, int n);

static double mass[NB];

/* p = pos[0..3*NB), vel[0..3*NB). */
static double eval(const double *p, int np)
{
    (void)np;
    return nbody_energy(p, p + 3 * NB, mass, NB);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = nbody_energy_jvp(p, tp, p + 3 * NB, tp + 3 * NB, mass, NB, &t);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    nbody_energy_grad(p, g, p + 3 * NB, g + 3 * NB, mass, NB);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    nbody_energy_hvp(p, v, g, hv, p + 3 * NB, v + 3 * NB, g + 3 * NB, hv + 3 * NB, mass, NB);
}

int main(void)
{
    GcRng rng = gc_seed(60);
    for (int t = 0; t < 5; t++) {
        double p[6 * NB], g[6 * NB] = {0.0};
        gc_fill(&rng, p, 6 * NB, -1.0, 1.0);
        gc_fill(&rng, mass, NB, 0.5, 2.0);
        double v = nbody_energy_grad(p, g, p + 3 * NB, g + 3 * NB, mass, NB);
        double want = nbody_energy(p, p + 3 * NB, mass, NB);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("nbody_energy", eval, p, 6 * NB, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[6 * NB], u[6 * NB];
        gc_fill_dir(&rng, tp, 6 * NB);
        gc_fill_dir(&rng, u, 6 * NB);
        gc_check_jvp("nbody_energy", eval, eval_jvp, p, tp, 6 * NB, g, GC_RTOL,
                     GC_ATOL * gc_scale(want));
        gc_check_hvp("nbody_energy", eval_grad, eval_hvp, p, tp, u, 6 * NB, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("nbody");
}
#endif
