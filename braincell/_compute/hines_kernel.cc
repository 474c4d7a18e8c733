// braincell's Hines solve as an XLA FFI kernel for the CPU (see _native.py).
//
// Solves NEURON's tree matrix in place of the level or contraction schedule of _tree.py:
// M[i, i] = d[i], M[i, p] = b[i], M[p, i] = a[i] for each node i and its parent p when the
// tree is rooted at node 0. Gaussian elimination from the leaves to the root, then
// back-substitution from the root, as NEURON's triang and bksub do. The leading axes of rhs,
// d, a and b are a batch (vmap); the index arrays have one row or one per batch element. The second result is scratch space (the reciprocals of the
// eliminated diagonal). Indices are checked to be in range, so a bad call cannot touch
// memory outside the buffers.
#include <cstdint>

#include "xla/ffi/api/ffi.h"

namespace ffi = xla::ffi;

namespace {

// The tree is solved rooted where its depth is least (the centre of its longest path), not
// at node 0: a chain's elimination is then two independent chains of half the length. In
// that rooting node i's parent is parent[i], and the edge's coefficients are those of the
// node-0 rooting's child end, src[i]: M[i, parent[i]] = b[src[i]], M[parent[i], i] =
// a[src[i]], or, where the edge points the other way (flip[i]), a and b swapped.
// order lists the nodes by depth, the root first: nodes of one depth are independent, so
// visiting them in this order lets the CPU overlap their dependent divisions.
template <typename T>
void solve_one(int64_t n, const int32_t* parent, const int32_t* order, const int32_t* src,
               const int32_t* flip, const T* d, const T* rhs, const T* a, const T* b, T* x,
               T* inv) {
  for (int64_t i = 0; i < n; ++i) {
    inv[i] = d[i];
    x[i] = rhs[i];
  }
  for (int64_t k = n - 1; k > 0; --k) {
    const int32_t i = order[k];
    const int32_t p = parent[i];
    const int32_t s = src[i];
    const T ai = flip[i] ? b[s] : a[s];
    const T bi = flip[i] ? a[s] : b[s];
    const T r = T(1) / inv[i];
    inv[i] = r;
    const T f = ai * r;
    inv[p] -= f * bi;
    x[p] -= f * x[i];
  }
  const int32_t root = order[0];
  inv[root] = T(1) / inv[root];
  x[root] *= inv[root];
  for (int64_t k = 1; k < n; ++k) {
    const int32_t i = order[k];
    const int32_t s = src[i];
    const T bi = flip[i] ? a[s] : b[s];
    x[i] = (x[i] - bi * x[parent[i]]) * inv[i];
  }
}

template <ffi::DataType DT>
ffi::Error hines(ffi::Buffer<ffi::S32> parent, ffi::Buffer<ffi::S32> order,
                 ffi::Buffer<ffi::S32> src, ffi::Buffer<ffi::S32> flip, ffi::Buffer<DT> d, ffi::Buffer<DT> rhs,
                 ffi::Buffer<DT> a, ffi::Buffer<DT> b, ffi::ResultBuffer<DT> x,
                 ffi::ResultBuffer<DT> scratch) {
  using T = ffi::NativeType<DT>;
  const auto dims = rhs.dimensions();
  if (dims.size() == 0) return ffi::Error::InvalidArgument("hines: rhs has no node axis");
  const int64_t n = dims.back();
  if (n == 0) return ffi::Error::Success();
  const int64_t batch = rhs.element_count() / n;
  if (d.element_count() != batch * n || a.element_count() != batch * n ||
      b.element_count() != batch * n)
    return ffi::Error::InvalidArgument("hines: d, a, b and rhs differ in size");
  const int64_t parent_rows = parent.element_count() / n;
  if (parent.element_count() % n != 0 || (parent_rows != 1 && parent_rows != batch))
    return ffi::Error::InvalidArgument("hines: parent does not match the node axis");
  if (order.element_count() != parent.element_count() ||
      src.element_count() != parent.element_count() ||
      flip.element_count() != parent.element_count())
    return ffi::Error::InvalidArgument("hines: order, src or flip does not match parent");
  const int32_t* pp = parent.typed_data();
  const int32_t* oo = order.typed_data();
  const int32_t* ss = src.typed_data();
  const int32_t* ff = flip.typed_data();
  // every index in range: the loops never read or write outside the buffers
  for (int64_t i = 0; i < parent_rows * n; ++i) {
    if (pp[i] < 0 || pp[i] >= n || oo[i] < 0 || oo[i] >= n || ss[i] < 0 || ss[i] >= n)
      return ffi::Error::InvalidArgument("hines: parent, order or src out of range");
  }
  for (int64_t k = 0; k < batch; ++k) {
    const int64_t o = k * n;
    const int64_t po = parent_rows == 1 ? 0 : o;
    solve_one<T>(n, pp + po, oo + po, ss + po, ff + po, d.typed_data() + o,
                 rhs.typed_data() + o, a.typed_data() + o, b.typed_data() + o,
                 x->typed_data() + o, scratch->typed_data() + o);
  }
  return ffi::Error::Success();
}

}  // namespace

#define BRAINCELL_HINES_BINDING(DT)                                                \
  ffi::Ffi::Bind()                                                                 \
      .Arg<ffi::Buffer<ffi::S32>>()                                                \
      .Arg<ffi::Buffer<ffi::S32>>()                                                \
      .Arg<ffi::Buffer<ffi::S32>>()                                                \
      .Arg<ffi::Buffer<ffi::S32>>()                                                \
      .Arg<ffi::Buffer<DT>>()                                                      \
      .Arg<ffi::Buffer<DT>>()                                                      \
      .Arg<ffi::Buffer<DT>>()                                                      \
      .Arg<ffi::Buffer<DT>>()                                                      \
      .Ret<ffi::Buffer<DT>>()                                                      \
      .Ret<ffi::Buffer<DT>>()

XLA_FFI_DEFINE_HANDLER_SYMBOL(BraincellHinesF64, hines<ffi::F64>,
                              BRAINCELL_HINES_BINDING(ffi::F64));
XLA_FFI_DEFINE_HANDLER_SYMBOL(BraincellHinesF32, hines<ffi::F32>,
                              BRAINCELL_HINES_BINDING(ffi::F32));
