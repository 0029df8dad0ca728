"""A small ONNX interpreter in numpy, for the op set of the default bundle's graphs (opset 17).

Python ONNX Runtime cannot be installed here (no PyPI; not in Debian) and python3-onnx 1.12 has no
``onnx.reference``, so the Python side of the bundle's adaptation (adapt_onnx.py) runs the exported
graphs with this interpreter: graphs are read with python3-onnx, initialisers and ``Constant`` values
with ``onnx.numpy_helper``, and every node is evaluated in topological order (the file's order, which
ONNX requires to be topological) with numpy.

Semantics follow the ONNX operator specification at opset 17 (inputs such as Slice's ``axes``, Pad's
``pads``, Unsqueeze's ``axes`` and ReduceSum's ``axes`` are tensors; ReduceMean's ``axes`` is still an
attribute; every attribute default is the specification's). Arithmetic stays in the tensors' own type,
as ONNX Runtime's CPU kernels compute it: float32 stays float32 (numpy's float32 kernels; BLAS sgemm
for MatMul, Gemm and Conv; ``LayerNormalization``, ``Softmax`` and the reductions accumulate in
float32 too). Nothing is computed in float64 and cast back; integer ``Div`` truncates towards zero as
ORT's C++ does (numpy's ``//`` floors).

Unknown operators are reported when the graph is loaded (every node is checked), missing feeds and
inputs when it runs; each message names the operator, the node and the graph.

    g = OnnxGraph("models/default/adapt_cache.onnx")
    out = g.run({"features": f, "style": s})        # dict: output name -> numpy array
"""

import os

import numpy as np
import onnx
from onnx import numpy_helper

try:                                   # onnx >= 1.13
    _TENSOR_TO_NP = {k: np.dtype(onnx.helper.tensor_dtype_to_np_dtype(k))
                     for k in onnx.TensorProto.DataType.values() if k not in (0, 8, 16)}
except AttributeError:                 # python3-onnx 1.12 (Debian)
    _TENSOR_TO_NP = {k: np.dtype(v) for k, v in onnx.mapping.TENSOR_TYPE_TO_NP_TYPE.items() if k not in (8,)}

SUPPORTED_OPSET = 17


class OnnxGraphError(RuntimeError):
    """A graph that cannot be interpreted (unknown operator, missing input, bad feed)."""


# --- operator implementations: f(node, inputs, attrs) -> list of outputs --------------------------

def _binary(fn):
    def op(node, x, a):
        out = fn(x[0], x[1])
        return [np.asarray(out, dtype=np.result_type(x[0], x[1]))]
    return op


def _div(a, b):
    if np.issubdtype(a.dtype, np.integer):        # ONNX Runtime: C++ integer division truncates
        q = np.abs(a) // np.abs(b)
        return np.where((a < 0) != (b < 0), -q, q)
    return a / b


def _mod(node, x, a):
    if a.get("fmod", 0) == 1:
        return [np.fmod(x[0], x[1]).astype(x[0].dtype)]
    if np.issubdtype(x[0].dtype, np.floating):
        raise OnnxGraphError("Mod with fmod=0 on floating-point inputs is not defined by ONNX")
    return [np.mod(x[0], x[1]).astype(x[0].dtype)]    # integer mod: sign of the divisor, as np.mod


def _pow(node, x, a):
    return [np.power(x[0], x[1].astype(x[0].dtype)).astype(x[0].dtype)]


def _sigmoid(node, x, a):
    v = x[0]
    with np.errstate(over="ignore"):                  # exp(-v) = inf for v << 0 gives exactly 0
        return [(1 / (1 + np.exp(-v))).astype(v.dtype, copy=False)]


def _transpose(node, x, a):
    perm = a.get("perm")
    return [np.transpose(x[0], perm if perm is None else list(perm))]


def _cast(node, x, a):
    to = a["to"]
    if to not in _TENSOR_TO_NP:
        raise OnnxGraphError("Cast to ONNX type %d is not supported" % to)
    return [x[0].astype(_TENSOR_TO_NP[to])]


def _shape(node, x, a):
    shape = np.array(x[0].shape, dtype=np.int64)
    start, end = a.get("start", 0), a.get("end", None)
    return [shape[start:end]]


def _gather(node, x, a):
    data, idx = x
    axis = a.get("axis", 0)
    axis = axis + data.ndim if axis < 0 else axis
    n = data.shape[axis]
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise OnnxGraphError("Gather index out of range for axis %d of size %d" % (axis, n))
    if idx.size and idx.min() < 0:
        idx = np.where(idx < 0, idx + n, idx)
    return [np.take(data, idx, axis=axis)]


def _range(node, x, a):
    start, limit, delta = (v.item() for v in x)
    n = max(int(np.ceil((limit - start) / delta)), 0)
    return [(start + np.arange(n) * delta).astype(x[0].dtype)]


def _constant_of_shape(node, x, a):
    value = a.get("value")
    fill = np.zeros(1, np.float32) if value is None else value.reshape(-1)
    return [np.full(tuple(int(d) for d in x[0]), fill[0], dtype=fill.dtype)]


def _where(node, x, a):
    out = np.where(x[0], x[1], x[2])
    return [out.astype(np.result_type(x[1], x[2]))]


def _axes(values, rank):
    return [int(v) + rank if int(v) < 0 else int(v) for v in np.asarray(values).reshape(-1)]


def _unsqueeze(node, x, a):
    data = x[0]
    axes = sorted(_axes(x[1], data.ndim + len(np.asarray(x[1]).reshape(-1))))
    shape = list(data.shape)
    for ax in axes:
        shape.insert(ax, 1)
    return [data.reshape(shape)]


def _layer_norm(node, x, a):
    data, scale = x[0], x[1]
    bias = x[2] if len(x) > 2 and x[2] is not None else None
    axis = a.get("axis", -1)
    axis = axis + data.ndim if axis < 0 else axis
    eps = np.asarray(a.get("epsilon", 1e-5), dtype=data.dtype)
    red = tuple(range(axis, data.ndim))
    mean = data.mean(axis=red, keepdims=True, dtype=data.dtype)
    centred = data - mean
    var = (centred * centred).mean(axis=red, keepdims=True, dtype=data.dtype)
    inv = (1 / np.sqrt(var + eps)).astype(data.dtype)
    y = centred * inv * scale
    if bias is not None:
        y = y + bias
    return [y.astype(data.dtype), mean, inv]


def _concat(node, x, a):
    return [np.concatenate(x, axis=a["axis"])]


def _reshape(node, x, a):
    data, shape = x[0], [int(s) for s in x[1]]
    if not a.get("allowzero", 0):
        shape = [data.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return [data.reshape(shape)]


def _slice(node, x, a):
    data = x[0]
    starts = np.asarray(x[1]).reshape(-1)
    ends = np.asarray(x[2]).reshape(-1)
    axes = _axes(x[3], data.ndim) if len(x) > 3 and x[3] is not None else list(range(starts.size))
    steps = np.asarray(x[4]).reshape(-1) if len(x) > 4 and x[4] is not None else np.ones(starts.size, np.int64)
    index = [slice(None)] * data.ndim
    for start, end, ax, step in zip(starts, ends, axes, steps):
        dim, start, end, step = data.shape[ax], int(start), int(end), int(step)
        if step == 0:
            raise OnnxGraphError("Slice step 0 on axis %d" % ax)
        start = start + dim if start < 0 else start
        end = end + dim if end < 0 else end
        if step > 0:
            start, end = min(max(start, 0), dim), min(max(end, 0), dim)
        else:
            start, end = min(max(start, 0), dim - 1), min(max(end, -1), dim - 1)
        index[ax] = slice(start, None if end < 0 else end, step)
    return [data[tuple(index)]]


def _pad(node, x, a):
    data = x[0]
    pads = [int(p) for p in np.asarray(x[1]).reshape(-1)]
    value = x[2].reshape(-1)[0] if len(x) > 2 and x[2] is not None and x[2].size else 0
    if len(x) > 3 and x[3] is not None:
        raise OnnxGraphError("Pad with an 'axes' input is opset 18; this interpreter runs opset %d" % SUPPORTED_OPSET)
    r = data.ndim
    if len(pads) != 2 * r:
        raise OnnxGraphError("Pad needs %d pad values for a rank-%d tensor, got %d" % (2 * r, r, len(pads)))
    begin, end = pads[:r], pads[r:]
    # negative pads crop
    crop = tuple(slice(max(-b, 0), data.shape[i] - max(-e, 0)) for i, (b, e) in enumerate(zip(begin, end)))
    data = data[crop]
    width = [(max(b, 0), max(e, 0)) for b, e in zip(begin, end)]
    mode = a.get("mode", "constant")
    if mode == "constant":
        return [np.pad(data, width, mode="constant", constant_values=np.asarray(value, data.dtype))]
    if mode in ("reflect", "edge"):
        return [np.pad(data, width, mode=mode)]
    raise OnnxGraphError("Pad mode '%s' is not defined by ONNX" % mode)


def _matmul(node, x, a):
    return [np.matmul(x[0], x[1])]


def _softmax(node, x, a):
    v = x[0]
    axis = a.get("axis", -1)
    e = np.exp(v - v.max(axis=axis, keepdims=True))
    return [(e / e.sum(axis=axis, keepdims=True)).astype(v.dtype)]


def _reduce(fn):
    def op(node, x, a):
        data = x[0]
        if "axes" in a:                                # opset < 18 ReduceMean etc.: attribute
            axes = a["axes"]
        elif len(x) > 1 and x[1] is not None:          # ReduceSum >= 13: input
            axes = np.asarray(x[1]).reshape(-1).tolist()
        else:
            axes = []
        if not axes:
            if a.get("noop_with_empty_axes", 0):
                return [data]
            axes = list(range(data.ndim))
        out = fn(data, axis=tuple(_axes(axes, data.ndim)), keepdims=bool(a.get("keepdims", 1)), dtype=data.dtype)
        return [np.asarray(out, dtype=data.dtype)]
    return op


def _gemm(node, x, a):
    A, B = x[0], x[1]
    if a.get("transA", 0):
        A = A.T
    if a.get("transB", 0):
        B = B.T
    alpha = np.asarray(a.get("alpha", 1.0), A.dtype)
    y = A @ B
    if alpha != 1:
        y = alpha * y
    if len(x) > 2 and x[2] is not None:
        beta = np.asarray(a.get("beta", 1.0), A.dtype)
        y = y + (beta * x[2] if beta != 1 else x[2])
    return [y.astype(A.dtype)]


def _conv(node, x, a):
    data, w = x[0], x[1]
    bias = x[2] if len(x) > 2 and x[2] is not None else None
    n_sp = data.ndim - 2
    if a.get("auto_pad", "NOTSET") not in ("NOTSET", b"NOTSET"):
        raise OnnxGraphError("Conv auto_pad=%s is not supported (only explicit pads)" % a["auto_pad"])
    kernel = list(a.get("kernel_shape", w.shape[2:]))
    strides = list(a.get("strides", [1] * n_sp))
    dil = list(a.get("dilations", [1] * n_sp))
    pads = list(a.get("pads", [0] * (2 * n_sp)))
    group = a.get("group", 1)
    if list(w.shape[2:]) != kernel:
        raise OnnxGraphError("Conv kernel_shape %s does not match the weight's %s" % (kernel, list(w.shape[2:])))
    width = [(0, 0), (0, 0)] + [(pads[i], pads[i + n_sp]) for i in range(n_sp)]
    xp = np.pad(data, width)
    n, c = xp.shape[:2]
    m = w.shape[0]
    cg, mg = c // group, m // group
    if w.shape[1] != cg:
        raise OnnxGraphError("Conv weight has %d input channels per group, input gives %d" % (w.shape[1], cg))
    # patches[n, c, *out, *k]: the dilated window under every output position
    span = [(k - 1) * d + 1 for k, d in zip(kernel, dil)]
    win = np.lib.stride_tricks.sliding_window_view(xp, span, axis=tuple(range(2, 2 + n_sp)))
    sel = tuple([slice(None)] * 2 + [slice(None, None, s) for s in strides] + [slice(None, None, d) for d in dil])
    win = win[sel]
    out_sp = win.shape[2:2 + n_sp]
    ksize = int(np.prod(kernel))
    outs = []
    for g in range(group):
        patch = win[:, g * cg:(g + 1) * cg]                                         # [n, cg, *out, *k]
        patch = np.moveaxis(patch, 1, 1 + n_sp).reshape(n, -1, cg * ksize)          # [n, P, cg*k]
        wg = w[g * mg:(g + 1) * mg].reshape(mg, cg * ksize)                        # [mg, cg*k]
        outs.append(np.matmul(patch, wg.T))                                         # [n, P, mg]
    y = np.concatenate(outs, axis=2) if group > 1 else outs[0]
    y = np.moveaxis(y, 2, 1).reshape((n, m) + tuple(out_sp))
    if bias is not None:
        y = y + bias.reshape((1, m) + (1,) * n_sp)
    return [y.astype(data.dtype)]


def _clip(node, x, a):
    v = x[0]
    lo = x[1] if len(x) > 1 and x[1] is not None else None
    hi = x[2] if len(x) > 2 and x[2] is not None else None
    if lo is not None:
        v = np.maximum(v, lo.astype(v.dtype))
    if hi is not None:
        v = np.minimum(v, hi.astype(v.dtype))
    return [v]


def _logical(fn):
    def op(node, x, a):
        return [fn(*[np.asarray(v, dtype=bool) for v in x])]
    return op


def _compare(fn):
    def op(node, x, a):
        return [fn(x[0], x[1])]
    return op


def _unary(fn):
    def op(node, x, a):
        return [fn(x[0]).astype(x[0].dtype)]
    return op


OPS = {
    "Add": _binary(np.add), "Sub": _binary(np.subtract), "Mul": _binary(np.multiply), "Div": _binary(_div),
    "Pow": _pow, "Mod": _mod, "Sqrt": _unary(np.sqrt), "Floor": _unary(np.floor), "Sigmoid": _sigmoid,
    "Identity": _unary(lambda v: v),     # adapt_step.onnx passes the adapters it does not update through
    "Transpose": _transpose, "Cast": _cast, "Shape": _shape, "Gather": _gather, "Range": _range,
    "ConstantOfShape": _constant_of_shape, "Where": _where, "Unsqueeze": _unsqueeze,
    "LayerNormalization": _layer_norm, "Concat": _concat, "Reshape": _reshape, "Slice": _slice, "Pad": _pad,
    "MatMul": _matmul, "Softmax": _softmax, "ReduceMean": _reduce(np.mean), "ReduceSum": _reduce(np.sum),
    "Gemm": _gemm, "Conv": _conv, "Clip": _clip,
    "Greater": _compare(np.greater), "Less": _compare(np.less), "Equal": _compare(np.equal),
    "LessOrEqual": _compare(np.less_equal),
    "Not": _logical(np.logical_not), "And": _logical(np.logical_and), "Xor": _logical(np.logical_xor),
}


def _attributes(node):
    out = {}
    for at in node.attribute:
        v = onnx.helper.get_attribute_value(at)
        if isinstance(v, bytes):
            v = v.decode("utf-8")
        elif isinstance(v, onnx.TensorProto):
            v = numpy_helper.to_array(v)
        elif isinstance(v, list):
            v = [x.decode("utf-8") if isinstance(x, bytes) else x for x in v]
        out[at.name] = v
    return out


def _constant_value(node, a, where):
    for key in ("value", "value_float", "value_floats", "value_int", "value_ints"):
        if key in a:
            v = a[key]
            if key == "value":
                return np.asarray(v)
            return np.asarray(v, dtype=np.float32 if "float" in key else np.int64)
    raise OnnxGraphError("Constant node %s has no supported value attribute" % where)


class OnnxGraph:
    """An ONNX graph ready to run with numpy. ``inputs``: [(name, numpy dtype, shape with None for symbolic dims)]."""

    def __init__(self, source, name=None):
        model = onnx.load(source) if isinstance(source, (str, os.PathLike)) else source
        self.name = name or (os.path.basename(str(source)) if isinstance(source, (str, os.PathLike)) else model.graph.name)
        opsets = {o.domain: o.version for o in model.opset_import}
        if opsets.get("", opsets.get("ai.onnx")) is None or len(set(opsets) - {"", "ai.onnx"}):
            raise OnnxGraphError("graph %s imports opsets %s; only the default ONNX domain is supported"
                                 % (self.name, opsets))
        self.opset = opsets.get("", opsets.get("ai.onnx"))
        if self.opset > SUPPORTED_OPSET:
            raise OnnxGraphError("graph %s needs opset %d; this interpreter implements opset %d semantics"
                                 % (self.name, self.opset, SUPPORTED_OPSET))
        g = model.graph
        self.values = {t.name: numpy_helper.to_array(t) for t in g.initializer}
        self.inputs = []
        for i in g.input:
            if i.name in self.values:
                continue
            tt = i.type.tensor_type
            dims = [d.dim_value if d.HasField("dim_value") else None for d in tt.shape.dim]
            self.inputs.append((i.name, _TENSOR_TO_NP[tt.elem_type], dims))
        self.outputs = [o.name for o in g.output]
        self.nodes = []
        unknown = []
        for k, node in enumerate(g.node):
            where = self._where(node, k)
            a = _attributes(node)
            if node.domain not in ("", "ai.onnx"):
                unknown.append("%s (domain %s) at %s" % (node.op_type, node.domain, where))
            elif node.op_type == "Constant":
                self.values[node.output[0]] = _constant_value(node, a, where)
            elif node.op_type not in OPS:
                unknown.append("%s at %s" % (node.op_type, where))
            else:
                self.nodes.append((node, OPS[node.op_type], a, where))
        if unknown:
            raise OnnxGraphError("unsupported ONNX operator%s in graph %s: %s"
                                 % ("s" if len(unknown) > 1 else "", self.name, "; ".join(unknown)))
        last = {}
        for k, (node, _, _, _) in enumerate(self.nodes):
            for n in node.input:
                last[n] = k
        self._last_use = last

    def _where(self, node, k):
        return "node %d '%s' (%s) of graph %s" % (k, node.name or "?", node.op_type, self.name)

    def run(self, feeds, outputs=None):
        """Evaluates the graph on ``feeds`` (name -> array, matching the declared type and rank)."""
        env = dict(self.values)
        for name, dtype, dims in self.inputs:
            if name not in feeds:
                raise OnnxGraphError("graph %s: missing input '%s' (%s %s)" % (self.name, name, dtype, dims))
            v = np.asarray(feeds[name])
            if v.dtype != dtype:
                raise OnnxGraphError("graph %s: input '%s' is %s, the graph declares %s" % (self.name, name, v.dtype, dtype))
            if v.ndim != len(dims) or any(d is not None and d != s for d, s in zip(dims, v.shape)):
                raise OnnxGraphError("graph %s: input '%s' has shape %s, the graph declares %s"
                                     % (self.name, name, list(v.shape), ["?" if d is None else d for d in dims]))
            env[name] = v
        extra = set(feeds) - {n for n, _, _ in self.inputs}
        if extra:
            raise OnnxGraphError("graph %s has no input named %s (inputs: %s)"
                                 % (self.name, sorted(extra), [n for n, _, _ in self.inputs]))
        wanted = list(outputs or self.outputs)
        keep = set(wanted)
        for k, (node, fn, a, where) in enumerate(self.nodes):
            args = []
            for n in node.input:
                if n == "":
                    args.append(None)              # an omitted optional input
                elif n in env:
                    args.append(env[n])
                else:
                    raise OnnxGraphError("%s: input '%s' is neither a graph input, an initialiser nor an earlier "
                                         "node's output" % (where, n))
            try:
                res = fn(node, args, a)
            except OnnxGraphError as e:
                raise OnnxGraphError("%s: %s" % (where, e)) from None
            except Exception as e:
                raise OnnxGraphError("%s failed on inputs %s: %s: %s" % (
                    where, [None if v is None else "%s%s" % (v.dtype, list(v.shape)) for v in args],
                    type(e).__name__, e)) from e
            for n, v in zip(node.output, res):
                if n:
                    env[n] = v
            for n in node.input:                       # free what no later node reads
                if self._last_use.get(n) == k and n not in keep and n not in self.values:
                    env.pop(n, None)
        missing = [n for n in wanted if n not in env]
        if missing:
            raise OnnxGraphError("graph %s did not produce %s" % (self.name, missing))
        return {n: env[n] for n in wanted}
