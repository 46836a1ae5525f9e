// adcc --report-memory: each f_grad notes the tape's level at its start
// and prints its own peak tape and snapshot bytes to stderr at its end.
// Here 100 steps are taped in one function and checkpointed with 4
// snapshots of one double in the other.
// RUN: %adcc --report-memory %s -o %t.c
// RUN: %FileCheck %s --check-prefix=GEN < %t.c
// RUN: %cc %s %t.c %adcc_rt -o %t.exe
// RUN: %t.exe 2>&1 | %FileCheck %s --check-prefix=OUT
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double taped(double x, int steps)
{
    double s = x;
    for (int t = 0; t < steps; t++)
        s = sin(s) + x;
    return s;
}

ADCC_GRAD(x)
double checkpointed(double x, int steps)
{
    double s = x;
    ADCC_CHECKPOINT_LOOP(4)
    for (int t = 0; t < steps; t++)
        s = sin(s) + x;
    return s;
}

// GEN-LABEL: double taped_grad(double x, double *d_x, int steps)
// GEN-NEXT:  {
// GEN-NEXT:      adcc_memory_report_begin();
// GEN:           adcc_memory_report("taped_grad");
// GEN-NEXT:      return adcc_result;

// OUT: adcc: taped_grad: peak tape 800 bytes, peak snapshots 0 bytes
// OUT: adcc: checkpointed_grad: peak tape {{(8|16|24)}} bytes, peak snapshots 32 bytes

#ifndef __ADCC__
#include <stdio.h>

double taped_grad(double x, double *d_x, int steps);
double checkpointed_grad(double x, double *d_x, int steps);

int main(void)
{
    double a = 0.0, b = 0.0;
    taped_grad(0.3, &a, 100);
    checkpointed_grad(0.3, &b, 100);
    return a == b ? 0 : 1;
}
#endif
