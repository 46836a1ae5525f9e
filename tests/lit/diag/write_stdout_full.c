// "-o -" with stdout on a full device: the write fails only when the output
// is flushed; an error naming stdout and the reason, status 1.
// RUN: %not %adcc %s -o - > /dev/full 2> %t.err
// RUN: %FileCheck %s --implicit-check-not=error: < %t.err
// CHECK: {{^}}adcc: error: cannot write 'stdout': No space left on device{{$}}
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
