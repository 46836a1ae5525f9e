/* adcc.h: the annotations a model file uses to ask adcc for derivatives.
 * Under an ordinary compiler every annotation expands to nothing (and
 * adcc_stop_gradient(e) to (e)); under adcc (__ADCC__ defined) they become
 * attributes and marker calls that adcc reads from the AST.
 *
 * ADCC_OBJECT_TYPE(T, zeros_like, release), at file scope with no semicolon,
 * makes pointers to the struct type T differentiable values (as tensors
 * are): `T *zeros_like(const T *)` gives an adjoint of zeros shaped like
 * an object, `void release(T *)` drops one the code created. Functions
 * taking or returning T * then need reverse rules (ADCC_PULLBACK).
 *
 * ADCC_CHECKPOINT_EXTENTS(x:n, ...) is ADCC_CHECKPOINT naming how many
 * elements of the array parameter x the function writes (n: a parameter
 * or a number), where adcc cannot derive it from the function's loops.
 *
 * ADCC_CHECK_ARGS(n=4, x:n, w:2*n) on a differentiated function tells the
 * driver `adcc --emit-check` writes the value of each integer parameter it
 * names (name=integer; unnamed ones get 3) and the number of elements of
 * each array parameter (name:extent, an expression of the integer
 * parameters) where adcc cannot tell it from the function's loops. It
 * changes no derivative.
 *
 * ADCC_CHECKPOINT_LOOP(K) right before a counted for loop checkpoints it
 * with K snapshots; ADCC_CHECKPOINT_LOOP(K, x:n, y, ...) names the memory
 * of its state (the variables it writes are state in any case).
 *
 * ADCC_ELEMENTS(adjoint) on `E *elements(const T *obj)`, a function giving a
 * pointer to an object's floating-point elements: C loops may read and
 * write them in a model; `E *adjoint(const T *obj, T *d_obj)` gives the
 * matching pointer into the adjoint's elements. */
#ifndef ADCC_H
#define ADCC_H

#ifdef __ADCC__
#define ADCC_GRAD(...) __attribute__((annotate("adcc_grad:" #__VA_ARGS__)))
#define ADCC_JVP(...) __attribute__((annotate("adcc_jvp:" #__VA_ARGS__)))
#define ADCC_HVP(...) __attribute__((annotate("adcc_hvp:" #__VA_ARGS__)))
#define ADCC_PULLBACK(r) __attribute__((annotate("adcc_pullback:" #r)))
#define ADCC_PUSHFORWARD(r) __attribute__((annotate("adcc_pushforward:" #r)))
#define ADCC_CHECKPOINT __attribute__((annotate("adcc_checkpoint:")))
#define ADCC_CHECKPOINT_EXTENTS(...) __attribute__((annotate("adcc_checkpoint:" #__VA_ARGS__)))
#define ADCC_CHECK_ARGS(...) __attribute__((annotate("adcc_check_args:" #__VA_ARGS__)))
#define ADCC_KERNEL __attribute__((annotate("adcc_kernel:")))
#define ADCC_ELEMENTS(adjoint) __attribute__((annotate("adcc_elements:" #adjoint)))
#define ADCC_CHECKPOINT_LOOP(K, ...) __adcc_checkpoint_loop((K), #__VA_ARGS__);
#define ADCC_OBJECT_TYPE(T, zeros_like, release)                                  \
    __attribute__((annotate("adcc_object:" #zeros_like "," #release))) void __adcc_object_type_##T(T *object);
double __adcc_stop_gradient(double value);
void __adcc_checkpoint_loop(int snapshots, const char *state);
#define adcc_stop_gradient(e) __adcc_stop_gradient(e)
#else
#define ADCC_GRAD(...)
#define ADCC_JVP(...)
#define ADCC_HVP(...)
#define ADCC_PULLBACK(r)
#define ADCC_PUSHFORWARD(r)
#define ADCC_CHECKPOINT
#define ADCC_CHECKPOINT_EXTENTS(...)
#define ADCC_CHECK_ARGS(...)
#define ADCC_KERNEL
#define ADCC_ELEMENTS(adjoint)
#define ADCC_CHECKPOINT_LOOP(...)
#define ADCC_OBJECT_TYPE(T, zeros_like, release)
#define adcc_stop_gradient(e) (e)
#endif

#endif
