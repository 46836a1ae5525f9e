/* codegen.h: IR -> C text. Writes the generated file: the includes the
 * model uses, the declarations the derivatives need (types, globals,
 * prototypes, static copies of helpers), then the derivative functions. */
#ifndef ADCC_CODEGEN_H
#define ADCC_CODEGEN_H

#include "ir/ir.h"

typedef struct CgOptions {
    bool line_directives;     /* #line before statements, pointing at the model */
    const char *header_name;  /* --header: include it from the generated file (or NULL) */
} CgOptions;

/* Writes the generated C file for the derivative functions `gen` of m. */
void cg_emit(FILE *out, Module *m, Vec *gen, const CgOptions *opt);

/* adcc --explain: what the reverse-mode functions in `gen` tape and why,
 * bytes per loop iteration, and where checkpointing would pay off. */
void cg_explain(FILE *out, Module *m, Vec *gen);

/* adcc --cuda: writes the CUDA file of the ADCC_KERNEL functions among
 * `gen` (their adjoints): device functions, kernels and launchers. */
void cg_emit_cuda(FILE *out, Module *m, Vec *gen);

/* Writes the prototypes of the non-static functions in `gen` (--header). */
void cg_emit_header(FILE *out, Module *m, Vec *gen, const char *guard);

/* adcc --emit-check: what the derivative-check driver needs of m's
 * differentiated functions (their ADCC_CHECK_ARGS, the extents of their
 * array parameters), from the bodies as parsed: call it before ad_lower.
 * Reports bad ADCC_CHECK_ARGS as errors, unknown extents as warnings. */
typedef struct CgCheck CgCheck;
CgCheck *cg_check_plan(Module *m);

/* Writes the driver (a C file with main) that checks the derivatives `gen`
 * of m against finite differences, through the runtime's adcc_check.h. */
void cg_emit_check(FILE *out, const CgCheck *plan, Module *m, Vec *gen);

#endif
