// When the model has errors, adcc -MD writes no dependency file (and no
// output): a build never sees a rule for a file that was not generated.
// RUN: rm -rf %t && mkdir %t
// RUN: %not %adcc %s -o %t/model_grad.c -MD 2>&1 | %FileCheck %s
// RUN: test ! -e %t/model_grad.d
// RUN: test ! -e %t/model_grad.c
// RUN: %not %adcc %s -o %t/model_grad.c -MF %t/deps.d 2>/dev/null
// RUN: test ! -e %t/deps.d
// CHECK: [[@LINE+6]]:{{[0-9]+}}: error: goto is not supported
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    goto out;
out:
    return x * x;
}
