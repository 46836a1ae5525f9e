// f_hvp is f_grad differentiated in forward mode, so a tensor model's
// f_hvp would need forward rules of the runtime's reverse rules
// (adt_tanh_pb, adt_mse_loss_pb), which the runtime does not have
// (second order): ADCC_HVP on a tensor model is an error at each tensor
// op, naming the pullback that has no forward rule, with the note that
// says why the reverse rule is involved; no file is written (never an
// f_hvp that silently leaves H v at zero). The two errors may come in
// either order (adcc reports them in the order f_grad calls the rules):
// ERRS checks that there are exactly these two, TANH and MSE each block.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2> %t.err
// RUN: test ! -e %t.c
// RUN: %FileCheck %s --check-prefix=ERRS -DFILE=%s --implicit-check-not=error: < %t.err
// RUN: %FileCheck %s --check-prefix=TANH --strict-whitespace -DFILE=%s < %t.err
// RUN: %FileCheck %s --check-prefix=MSE --strict-whitespace -DFILE=%s < %t.err
#include <adt.h>

ADCC_HVP(w)
double f(adt_tensor *w, const adt_tensor *x)
{
    // ERRS-DAG: [[FILE]]:[[@LINE+7]]:21: error: no forward derivative rule for 'adt_tanh_pb'
    // TANH: {{^}}[[FILE]]:[[@LINE+6]]:21: error: no forward derivative rule for 'adt_tanh_pb'{{.*$}}
    // TANH-NEXT: {{^    adt_tensor \*h = adt_tanh\(w\);$}}
    // TANH-NEXT: {{^ {20}\^$}}
    // TANH-NEXT: {{^}}[[FILE]]:[[@LINE+3]]:21: note: f_hvp differentiates f_grad in forward mode, and f_grad calls 'adt_tanh_pb' here{{.*$}}
    // TANH-NEXT: {{^    adt_tensor \*h = adt_tanh\(w\);$}}
    // TANH-NEXT: {{^ {20}\^$}}
    adt_tensor *h = adt_tanh(w);
    // ERRS-DAG: [[FILE]]:[[@LINE+7]]:16: error: no forward derivative rule for 'adt_mse_loss_pb'
    // MSE: {{^}}[[FILE]]:[[@LINE+6]]:16: error: no forward derivative rule for 'adt_mse_loss_pb'{{.*$}}
    // MSE-NEXT: {{^    double s = adt_mse_loss\(h, x\);$}}
    // MSE-NEXT: {{^ {15}\^$}}
    // MSE-NEXT: {{^}}[[FILE]]:[[@LINE+3]]:16: note: f_hvp differentiates f_grad in forward mode, and f_grad calls 'adt_mse_loss_pb' here{{.*$}}
    // MSE-NEXT: {{^    double s = adt_mse_loss\(h, x\);$}}
    // MSE-NEXT: {{^ {15}\^$}}
    double s = adt_mse_loss(h, x);
    adt_free(h);
    return s;
}
