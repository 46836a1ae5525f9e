// A case label nested inside a statement of the switch body (Duff's-device
// style) is rejected at the label.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int k)
{
    double y = x;
    switch (k) {
    case 0:
        if (x > 0) {
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: case labels outside the top level of a switch body are not supported; put every case label directly in the switch body{{$}}
    // CHECK-NEXT: {{^    case 1:$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    case 1:
            y = y * x;
        }
        break;
    }
    return y;
}
