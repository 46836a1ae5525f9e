/* ad.h: IR -> IR transforms: normalisation, activity, to-be-recorded
 * analysis and reverse mode. Knows nothing of libclang or of C text. */
#ifndef ADCC_AD_H
#define ADCC_AD_H

#include "ir/ir.h"

/* Lowers every function body of m to the small language the transforms
 * expect: user calls lifted into statements, switch into if chains,
 * break/continue/early return into flags, one return at the end. */
void ad_lower(Module *m);

/* Inlines calls of the file's functions that take or return objects
 * (tensors), after lowering: reverse mode follows objects within one body. */
void ad_inline(Module *m);

/* Checks the ADCC_* annotations of m (parameter names and types) and
 * reports errors at the annotation. */
void ad_check_annotations(Module *m);

/* Differentiates every ADCC_GRAD function of m in reverse mode. Appends the
 * generated functions (f_grad and the static sweeps of the helpers it
 * calls) to `out` in a deterministic order. */
void ad_reverse(Module *m, Vec *out, Vec *hvp_grads);
/* hvp_grads: for each ADCC_HVP function f, f_grad with respect to its
 * parameters (origin = f), not emitted itself: ad_forward differentiates
 * it into f_hvp. */

/* Forward mode: f_jvp for every ADCC_JVP function, f_hvp (forward over
 * reverse) for every f_grad of hvp_grads; appends them, after the static
 * forward versions of the helpers they call, to out. */
void ad_forward(Module *m, Vec *hvp_grads, Vec *out);

/* Drops the static generated functions that no exported one reaches. */
void ad_prune(Vec *gen);

/* Removes what generated functions declare or set but never read, and
 * marks unused parameters, so the output compiles warning-free. */
void ad_cleanup(Func *f, int nvars);
/* Merges repeated accumulations into one adjoint memory cell (coalesce.c). */
void ad_coalesce(Module *m, Func *f);

#endif
