// adcc -MD writes a make rule next to the -o file (.c -> .d): the output
// depends on the model and every file it includes, here a header found
// through -I. -MF names the file, -MT the target (escaped for make),
// -MP adds an empty rule per included file. -MMD leaves the system
// headers (math.h) out.
// RUN: rm -rf %t && mkdir %t
// RUN: %adcc -I %S/Inputs %s -o %t/model_grad.c -MD
// RUN: %FileCheck %s --check-prefix=MD < %t/model_grad.d
// MD: {{^}}{{.*}}/model_grad.c: {{.*}}depfile.c
// MD: /runtime/adcc.h
// MD: /Inputs/scale.h
// MD: math.h
// RUN: %adcc -I %S/Inputs %s -o %t/user.c -MMD
// RUN: %FileCheck %s --check-prefix=MMD < %t/user.d
// MMD: {{^}}{{.*}}/user.c: {{.*}}depfile.c
// MMD: /Inputs/scale.h
// MMD-NOT: math.h
// RUN: %adcc -I %S/Inputs %s -o %t/other.c -MF %t/deps.txt -MT 'out$ name' -MT second -MP
// RUN: test ! -e %t/other.d
// RUN: %FileCheck %s --check-prefix=MF < %t/deps.txt
// MF: {{^}}out$$\ name second: {{.*}}depfile.c
// MF-NOT: {{^}}{{.*}}depfile.c:
// MF: {{^}}{{.*}}/Inputs/scale.h:{{$}}
#include <adcc.h>
#include <math.h>
#include "scale.h"

ADCC_GRAD(x)
double f(double x)
{
    return SCALE * x * x;
}
