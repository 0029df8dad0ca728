"""The numpy ONNX interpreter: the bundle's graphs against their PyTorch fixtures, adapt_step.onnx
against adapt_step.py and torch.optim.AdamW, single operators against numpy/torch, clear errors."""

import base64
import json
import os
import unittest

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

from adamesh_training import adapt_step as AS
from adamesh_training.onnx_numpy import OnnxGraph, OnnxGraphError

torch.set_num_threads(1)
BUNDLE = os.path.join(os.path.dirname(__file__), "..", "..", "models", "default")
FIXTURES = os.path.join(BUNDLE, "fixtures")


def fixture_array(v):
    if isinstance(v, list):                      # integer inputs (chunk_frames) are plain JSON lists
        return np.asarray(v, np.int64)
    return np.frombuffer(base64.b64decode(v["data"]), "<f4").reshape(v["shape"]).copy()


def load_fixture(name):
    with open(os.path.join(FIXTURES, name + ".json")) as fh:
        return json.load(fh)


def worst(got, want):
    """ModelBundleTest's measure: max |got - want| / (1 + |want|)."""
    return float(np.max(np.abs(got.astype(np.float64) - want) / (1.0 + np.abs(want)))) if want.size else 0.0


class FrozenDecoder:
    """Just enough of ExpressionDecoder for adapt_step.py: the adapted layers' frozen W and b, read
    from adapt_step.onnx's initialisers (so no checkpoint is needed)."""

    class Layer:
        def __init__(self, w, b):
            self.weight, self.bias = torch.from_numpy(w.copy()), torch.from_numpy(b.copy())

    def __init__(self, path, ranks):
        init = {t.name: numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer}
        self.ranks = tuple(ranks)
        self._layers = [self.Layer(init["frozen_%s_W" % n], init["frozen_%s_b" % n]) for n in AS.ADAPTED_LAYERS]

    def layers(self):
        return self._layers


class BundleGraphsTest(unittest.TestCase):
    def test_every_graph_reproduces_its_pytorch_fixture(self):
        with open(os.path.join(BUNDLE, "manifest.json")) as fh:
            graphs = json.load(fh)["graphs"]
        covered = set()
        for name in sorted(f[:-5] for f in os.listdir(FIXTURES) if f.endswith(".json")):
            fx = load_fixture(name)
            if "graph" not in fx:
                continue
            g = OnnxGraph(os.path.join(BUNDLE, graphs[fx["graph"]]["file"]))
            out = g.run({k: fixture_array(v) for k, v in fx["inputs"].items()})
            self.assertEqual(set(out), set(fx["outputs"]), name)
            for key, want in fx["outputs"].items():
                self.assertEqual(out[key].dtype, np.float32, "%s/%s stays float32" % (name, key))
                w = fixture_array(want)
                self.assertEqual(out[key].shape, w.shape, "%s/%s" % (name, key))
                self.assertLessEqual(worst(out[key], w), 1e-4, "%s/%s differs from PyTorch" % (name, key))
            covered.add(fx["graph"])
        self.assertEqual(covered, set(graphs), "a fixture for every graph of the manifest")

    def test_adapt_step_graph_equals_adapt_step_py_and_torch_adamw(self):
        fx = load_fixture("adapt_step")
        with open(os.path.join(BUNDLE, "manifest.json")) as fh:
            ranks = tuple(json.load(fh)["lora"]["ranks"])
        names = AS.param_names(ranks)
        path = os.path.join(BUNDLE, "adapt_step.onnx")
        g = OnnxGraph(path)
        feeds = {k: fixture_array(v) for k, v in fx["inputs"].items()}
        feeds["lr"] = np.array([5e-3], np.float32)
        for _ in range(3):                       # non-zero B, logits, moments and step count
            out = g.run(feeds)
            feeds.update({k[4:]: v for k, v in out.items() if k.startswith("new.")})
        self.assertEqual(float(feeds["step"][0]), 3.0)
        self.assertGreater(float(np.abs(feeds["inp.B8"]).max()), 0.0)
        out = g.run(feeds)

        t = {k: torch.as_tensor(v) for k, v in feeds.items()}
        ref = AS.AdaptStep(FrozenDecoder(path, ranks), ranks)(
            t["x"], t["style_bias"], t["target"], t["mask"], t["lr"], t["step"],
            *[t[n] for n in names], *[t["m." + n] for n in names], *[t["v." + n] for n in names])
        keys = ["loss"] + ["new." + n for n in names] + ["new.m." + n for n in names] \
            + ["new.v." + n for n in names] + ["new.step"]
        self.assertEqual(len(keys), len(ref))
        for k, r in zip(keys, ref):
            self.assertLessEqual(worst(out[k], r.numpy()), 1e-5, k)

        # the update is torch's AdamW (decay on A and B, none on the logits) given the step's gradients
        _, grads = AS.AdaptStep(FrozenDecoder(path, ranks), ranks).loss_and_grads(
            t["x"], t["style_bias"], t["target"], t["mask"], [t[n] for n in names])
        leaves = [t[n].clone().double().requires_grad_(True) for n in names]
        per = 2 * len(ranks) + 1
        opt = torch.optim.AdamW([
            {"params": [p for i, p in enumerate(leaves) if i % per != per - 1], "weight_decay": 0.01},
            {"params": [p for i, p in enumerate(leaves) if i % per == per - 1], "weight_decay": 0.0}],
            lr=5e-3, betas=(0.9, 0.999), eps=1e-8)
        for n, p, gr in zip(names, leaves, grads):
            p.grad = gr.double()
            opt.state[p] = {"step": torch.tensor(3.0), "exp_avg": t["m." + n].double().clone(),
                            "exp_avg_sq": t["v." + n].double().clone()}
        opt.step()
        for n, p in zip(names, leaves):
            if n.split(".")[0] not in AS.STEP_LAYERS:       # passed through unchanged (ADR 0018)
                for k in (n, "m." + n, "v." + n):
                    np.testing.assert_array_equal(out["new." + k], feeds[k], k)
                continue
            scale = max(float(np.abs(feeds[n]).max()), 1e-3)
            self.assertLess(float(np.abs(out["new." + n] - p.detach().numpy()).max()) / scale, 1e-5, n)
            self.assertLessEqual(worst(out["new.m." + n], opt.state[p]["exp_avg"].numpy()), 1e-6, n)


def run_node(op, inputs, attrs=None, n_out=1, opset=17):
    """Runs one node. ``inputs``: list of arrays (None: omitted optional input)."""
    names, graph_inputs, feeds = [], [], {}
    for i, v in enumerate(inputs):
        if v is None:
            names.append("")
            continue
        name = "in%d" % i
        names.append(name)
        v = np.asarray(v)
        graph_inputs.append(helper.make_tensor_value_info(name, helper.np_dtype_to_tensor_dtype(v.dtype)
                                                          if hasattr(helper, "np_dtype_to_tensor_dtype")
                                                          else onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype],
                                                          list(v.shape)))
        feeds[name] = v
    outs = ["out%d" % i for i in range(n_out)]
    node = helper.make_node(op, names, outs, name="probe", **(attrs or {}))
    graph = helper.make_graph([node], "single_%s" % op, graph_inputs,
                              [helper.make_tensor_value_info(o, TensorProto.UNDEFINED, None) for o in outs])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    res = OnnxGraph(model, name="single_%s" % op).run(feeds)
    return [res[o] for o in outs] if n_out > 1 else res[outs[0]]


class OperatorTest(unittest.TestCase):
    rng = np.random.default_rng(7)

    def randn(self, *shape):
        return self.rng.standard_normal(shape).astype(np.float32)

    def test_conv_padding_strides_dilations_groups_match_torch(self):
        x = self.randn(2, 6, 17)
        for group, stride, dil, pads in ((1, 1, 1, (1, 1)), (1, 2, 1, (1, 1)), (3, 1, 2, (2, 0)),
                                         (6, 1, 1, (0, 0)), (2, 3, 2, (0, 3))):
            w = self.randn(6, 6 // group, 3)
            b = self.randn(6)
            got = run_node("Conv", [x, w, b], dict(group=group, strides=[stride], dilations=[dil], pads=list(pads),
                                                   kernel_shape=[3]))
            ref = F.conv1d(F.pad(torch.as_tensor(x), pads), torch.as_tensor(w), torch.as_tensor(b),
                           stride=stride, dilation=dil, groups=group).numpy()
            self.assertEqual(got.shape, ref.shape, (group, stride, dil, pads))
            self.assertLess(float(np.abs(got - ref).max()), 1e-5, (group, stride, dil, pads))
            self.assertEqual(got.dtype, np.float32)
        x2, w2 = self.randn(1, 4, 7, 9), self.randn(4, 2, 3, 2)
        got = run_node("Conv", [x2, w2], dict(group=2, strides=[2, 1], pads=[1, 0, 1, 1]))   # no bias, 2-D
        ref = F.conv2d(F.pad(torch.as_tensor(x2), (0, 1, 1, 1)), torch.as_tensor(w2), stride=(2, 1), groups=2).numpy()
        self.assertLess(float(np.abs(got - ref).max()), 1e-5)

    def test_slice_negative_indices_steps_and_clamping(self):
        x = np.arange(60, dtype=np.float32).reshape(3, 4, 5)
        i64 = lambda *v: np.array(v, np.int64)  # noqa: E731
        cases = [((i64(1), i64(-1), i64(2), None), x[:, :, 1:-1]),
                 ((i64(-1), i64(-2 ** 62), i64(1), i64(-1)), x[:, ::-1]),
                 ((i64(4, 0), i64(0, 9), i64(-1, 0), i64(-2, 2)), x[0:9:2, :, 4:0:-2]),
                 ((i64(-100), i64(100), i64(0), None), x),
                 ((i64(3), i64(1), i64(1), None), x[:, 3:1])]
        for (starts, ends, axes, steps), want in cases:
            got = run_node("Slice", [x, starts, ends, axes, steps])
            np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(run_node("Slice", [x, i64(1), i64(3)]), x[1:3])     # axes default 0..

    def test_pad_modes_and_negative_pads(self):
        x = self.randn(2, 5)
        pads = np.array([1, 2, 0, 3], np.int64)
        width = [(1, 0), (2, 3)]
        np.testing.assert_array_equal(run_node("Pad", [x, pads, np.array(1.5, np.float32)]),
                                      np.pad(x, width, constant_values=1.5))
        np.testing.assert_array_equal(run_node("Pad", [x, pads]), np.pad(x, width))
        np.testing.assert_array_equal(run_node("Pad", [x, pads], dict(mode="reflect")), np.pad(x, width, mode="reflect"))
        np.testing.assert_array_equal(run_node("Pad", [x, pads], dict(mode="edge")), np.pad(x, width, mode="edge"))
        ref = F.pad(torch.as_tensor(x)[None], (2, 3), mode="reflect")[0].numpy()
        np.testing.assert_array_equal(run_node("Pad", [x, np.array([0, 2, 0, 3], np.int64)], dict(mode="reflect")), ref)
        np.testing.assert_array_equal(run_node("Pad", [x, np.array([0, -1, 1, 0], np.int64)]),
                                      np.pad(x[:, 1:], [(0, 1), (0, 0)]))

    def test_gemm_flags(self):
        a, b, c = self.randn(4, 3), self.randn(5, 4), self.randn(5)
        got = run_node("Gemm", [a, b, c], dict(transA=1, transB=1, alpha=0.5, beta=2.0))
        np.testing.assert_allclose(got, 0.5 * a.T @ b.T + 2.0 * c, rtol=1e-5, atol=1e-6)
        got = run_node("Gemm", [a.T.copy(), b.T.copy()])
        np.testing.assert_allclose(got, a.T @ b.T, rtol=1e-5, atol=1e-6)
        c2 = self.randn(3, 1)
        np.testing.assert_allclose(run_node("Gemm", [a.T.copy(), b.T.copy(), c2], dict(beta=0.25)),
                                   a.T @ b.T + 0.25 * c2, rtol=1e-5, atol=1e-6)

    def test_layer_norm_softmax_reductions_match_torch(self):
        x, s, b = self.randn(2, 3, 8), self.randn(8), self.randn(8)
        y, mean, inv = run_node("LayerNormalization", [x, s, b], dict(epsilon=1e-3), n_out=3)
        ref = F.layer_norm(torch.as_tensor(x), (8,), torch.as_tensor(s), torch.as_tensor(b), eps=1e-3).numpy()
        self.assertLess(float(np.abs(y - ref).max()), 1e-5)
        np.testing.assert_allclose(mean[..., 0], x.mean(-1), rtol=1e-5, atol=1e-6)
        y2 = run_node("LayerNormalization", [x, self.randn(3, 8)], dict(axis=1))
        self.assertEqual(y2.shape, x.shape)
        np.testing.assert_allclose(run_node("Softmax", [x]), torch.softmax(torch.as_tensor(x), -1).numpy(), atol=1e-6)
        np.testing.assert_allclose(run_node("Softmax", [x], dict(axis=0)), torch.softmax(torch.as_tensor(x), 0).numpy(),
                                   atol=1e-6)
        np.testing.assert_allclose(run_node("ReduceSum", [x, np.array([-1, 0], np.int64)], dict(keepdims=0)),
                                   x.sum((0, 2)), rtol=1e-5)
        np.testing.assert_allclose(run_node("ReduceSum", [x]), x.sum(keepdims=True), rtol=1e-5)
        np.testing.assert_array_equal(run_node("ReduceSum", [x, np.zeros(0, np.int64)], dict(noop_with_empty_axes=1)), x)
        np.testing.assert_allclose(run_node("ReduceMean", [x], dict(axes=[1])), x.mean(1, keepdims=True), rtol=1e-5)

    def test_integer_and_shape_ops(self):
        a, b = np.array([-7, 7, -7, 7], np.int64), np.array([2, -2, -2, 2], np.int64)
        np.testing.assert_array_equal(run_node("Div", [a, b]), [-3, -3, 3, 3])            # truncation, as C++
        np.testing.assert_array_equal(run_node("Mod", [a, b]), [1, -1, -1, 1])              # sign of the divisor
        np.testing.assert_array_equal(run_node("Mod", [a, b], dict(fmod=1)), [-1, 1, -1, 1])  # sign of the dividend
        f = np.array([-7.5, 7.5], np.float32)
        np.testing.assert_array_equal(run_node("Mod", [f, np.array([2, 2], np.float32)], dict(fmod=1)), [-1.5, 1.5])
        np.testing.assert_array_equal(run_node("Range", [np.array(1, np.int64), np.array(10, np.int64),
                                                         np.array(3, np.int64)]), [1, 4, 7])
        np.testing.assert_allclose(run_node("Range", [np.array(1, np.float32), np.array(0, np.float32),
                                                      np.array(-0.25, np.float32)]), [1, 0.75, 0.5, 0.25])
        x = self.randn(2, 3, 4)
        self.assertEqual(run_node("Unsqueeze", [x, np.array([-1, 0], np.int64)]).shape, (1, 2, 3, 4, 1))
        self.assertEqual(run_node("Reshape", [x, np.array([0, -1], np.int64)]).shape, (2, 12))
        np.testing.assert_array_equal(run_node("Shape", [x], dict(start=1)), [3, 4])
        np.testing.assert_array_equal(run_node("Gather", [x, np.array([-1, 0], np.int64)], dict(axis=2)), x[:, :, [3, 0]])
        np.testing.assert_array_equal(run_node("Cast", [np.array([1.7, -1.7], np.float32)], dict(to=TensorProto.INT64)),
                                      [1, -1])
        got = run_node("ConstantOfShape", [np.array([2, 3], np.int64)],
                       dict(value=helper.make_tensor("v", TensorProto.INT64, [1], [5])))
        self.assertEqual(got.dtype, np.int64)
        np.testing.assert_array_equal(got, np.full((2, 3), 5))
        self.assertEqual(run_node("ConstantOfShape", [np.array([2], np.int64)]).dtype, np.float32)
        np.testing.assert_allclose(run_node("Clip", [f, None, np.array(1.0, np.float32)]), [-7.5, 1.0])
        np.testing.assert_allclose(run_node("Pow", [np.array([4.0, 9.0], np.float32), np.array(0.5, np.float32)]), [2, 3])
        np.testing.assert_array_equal(run_node("Xor", [np.array([True, False]), np.array([True, True])]), [False, True])
        np.testing.assert_allclose(run_node("Sigmoid", [np.array([-100, 0, 100], np.float32)]), [0, 0.5, 1], atol=1e-30)
        c = np.array([True, False, True])
        got = run_node("Where", [c, np.array([1, 2, 3], np.float32), np.array([[-1], [-2]], np.float32)])
        np.testing.assert_array_equal(got, [[1, -1, 3], [1, -2, 3]])                      # broadcast to [2, 3]
        np.testing.assert_array_equal(run_node("Floor", [f]), [-8, 7])
        np.testing.assert_array_equal(run_node("LessOrEqual", [a, b]), a <= b)
        np.testing.assert_array_equal(run_node("Equal", [a, np.array(7, np.int64)]), a == 7)
        np.testing.assert_array_equal(run_node("Transpose", [x]), x.transpose(2, 1, 0))  # default: reversed axes
        np.testing.assert_array_equal(run_node("Transpose", [x], dict(perm=[1, 0, 2])), x.transpose(1, 0, 2))
        with self.assertRaises(OnnxGraphError) as e:
            run_node("Gather", [x, np.array([3], np.int64)], dict(axis=0))
        self.assertIn("out of range", str(e.exception))
        self.assertIn("single_Gather", str(e.exception))


class ErrorTest(unittest.TestCase):
    def test_unknown_operator_is_named_with_node_and_graph(self):
        node = helper.make_node("Erf", ["a"], ["b"], name="the_erf")
        graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("a", TensorProto.FLOAT, [2])],
                                  [helper.make_tensor_value_info("b", TensorProto.FLOAT, [2])])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        with self.assertRaises(OnnxGraphError) as e:
            OnnxGraph(model, name="probe.onnx")
        for part in ("Erf", "the_erf", "probe.onnx"):
            self.assertIn(part, str(e.exception))

    def test_missing_inputs_are_named(self):
        g = OnnxGraph(os.path.join(BUNDLE, "adapt_cache.onnx"))
        with self.assertRaises(OnnxGraphError) as e:
            g.run({"features": np.zeros((1, 10, 128), np.float32)})
        self.assertIn("'style'", str(e.exception))
        self.assertIn("adapt_cache.onnx", str(e.exception))
        with self.assertRaises(OnnxGraphError) as e:
            g.run({"features": np.zeros((1, 10, 128), np.float64), "style": np.zeros((1, 32), np.float32)})
        self.assertIn("float64", str(e.exception))
        node = helper.make_node("Add", ["a", "ghost"], ["b"], name="adds_a_ghost")
        graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("a", TensorProto.FLOAT, [2])],
                                  [helper.make_tensor_value_info("b", TensorProto.FLOAT, [2])])
        probe = OnnxGraph(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), name="ghost.onnx")
        with self.assertRaises(OnnxGraphError) as e:
            probe.run({"a": np.zeros(2, np.float32)})
        for part in ("ghost", "adds_a_ghost", "Add", "ghost.onnx"):
            self.assertIn(part, str(e.exception))


if __name__ == "__main__":
    unittest.main()
