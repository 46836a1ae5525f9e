// Mistakes in ADCC_CHECK_ARGS are errors at the argument (with
// --emit-check, the only run that reads it), and no driver is written.
// The annotation on a function with no derivative is a warning.
// RUN: rm -f %t.c
// RUN: %not %adcc --emit-check %s -o %t.c 2>&1 | %FileCheck %s -DFILE=%s --implicit-check-not=error: --implicit-check-not=warning:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+6]]:30: error: ADCC_CHECK_ARGS names 'm', which is not a parameter of 'f'{{$}}
// CHECK: {{^}}[[FILE]]:[[@LINE+5]]:35: error: 'x' is not an integer parameter of 'f'; ADCC_CHECK_ARGS gives an integer parameter a value (n=4) and an array parameter an extent (x:n){{$}}
// CHECK: {{^}}[[FILE]]:[[@LINE+4]]:40: error: 'n' is not an array parameter of 'f'; ADCC_CHECK_ARGS gives an integer parameter a value (n=4) and an array parameter an extent (x:n){{$}}
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:45: error: ADCC_CHECK_ARGS takes name=value for an integer parameter or name:extent for an array parameter; 'z' is neither{{$}}
// CHECK: {{^}}[[FILE]]:[[@LINE+2]]:48: error: the extent 'k+1' of 'x' may use only numbers, the integer parameters of 'f' and + - * / % ( ){{$}}
// CHECK: {{^}}[[FILE]]:[[@LINE+1]]:55: error: the value of 'n' in ADCC_CHECK_ARGS must be an integer, not 'x'{{$}}
ADCC_GRAD(x) ADCC_CHECK_ARGS(m=2, x=3, n:1, z, x:k+1, n=x)
double f(const double *x, int n)
{
    return x[0] * n;
}

// CHECK: {{^}}[[FILE]]:[[@LINE+2]]:17: error: ADCC_CHECK_ARGS gives 'n' twice{{$}}
ADCC_GRAD(x) ADCC_CHECK_ARGS(n=2)
ADCC_CHECK_ARGS(n=3)
double g(const double *x, int n)
{
    return x[0] * n;
}

// CHECK: {{^}}[[FILE]]:[[@LINE+1]]:17: warning: ADCC_CHECK_ARGS on 'h', which has no ADCC_GRAD, ADCC_JVP or ADCC_HVP, is not used{{$}}
ADCC_CHECK_ARGS(n=2)
double h(const double *x, int n)
{
    return x[0] * n;
}
