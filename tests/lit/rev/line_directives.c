// --line-directives: statements of f_grad carry #line directives naming the
// model file and the line of the statement they come from, in source order
// in the forward sweep and in reverse order in the reverse sweep; no #line
// names another file.
// RUN: %adcc %s -o %t.c --line-directives
// RUN: %FileCheck %s -DFILE=%s < %t.c
// RUN: ! grep '^#line' %t.c | grep -v -F '"%s"'
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double lines_grad(double x, double *d_x){{$}}
ADCC_GRAD(x)
double lines(double x)
{
    double a = x * x;    // CHECK: {{^}}#line [[@LINE]] "[[FILE]]"{{$}}
                         // CHECK-NEXT: double a = x * x;
    double b = sin(a);   // CHECK: {{^}}#line [[@LINE]] "[[FILE]]"{{$}}
                         // CHECK-NEXT: double b = sin(a);
    return a * b;        // CHECK: {{^}}#line [[@LINE]] "[[FILE]]"{{$}}
}
// CHECK:       /* reverse sweep */
// CHECK:       {{^}}#line [[#@LINE-3]] "[[FILE]]"{{$}}
// CHECK:       {{^}}#line [[#@LINE-6]] "[[FILE]]"{{$}}
// CHECK-NEXT:  cos(a)
// CHECK:       {{^}}#line [[#@LINE-10]] "[[FILE]]"{{$}}
// CHECK:       return adcc_result;
