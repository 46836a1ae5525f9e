// The marker ADCC_OBJECT_TYPE expands to, written by hand without its
// release function, is an error at the attribute showing the macro to use.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

struct Vec3 {
    double v[3];
};

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:16: error: malformed ADCC_OBJECT_TYPE; write ADCC_OBJECT_TYPE(T, zeros_like, release){{$}}
// CHECK-NEXT: {{^__attribute__\(\(annotate\("adcc_object:vec3_zeros"\)\)\) void __adcc_object_type_Vec3\(struct Vec3 \*object\);$}}
// CHECK-NEXT: {{^ {15}\^$}}
__attribute__((annotate("adcc_object:vec3_zeros"))) void __adcc_object_type_Vec3(struct Vec3 *object);

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
