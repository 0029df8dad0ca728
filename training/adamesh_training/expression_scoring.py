"""Scoring of predicted expression against the teacher on the OpenHead rig, and the held-out split of a
speaker into reference and test utterances (numpy only: the ONNX-only adaptation driver uses them too).

Metrics (OpenHead rig via head.py's equations, head pose zeroed so only the face is compared):
LVE = per frame the largest L2 error over lip vertices, mean over frames (mm); FDD = mean over
upper-face vertices of |std over time of the displacement norm (prediction) - (teacher)| (mm);
expression MAE (43 weights); jaw MAE (degrees); style error = mean |difference| of per-channel mean
and standard deviation over a speaker's test set (44 channels in network units).
evaluate_expression.py re-exports every name here.
"""

import os

import numpy as np

from .expression_spec import JAW_SCALE
from .head import rodrigues


class LipRig:
    """OpenHead posed for many frames at once, on a subset of vertices (FLAME's equations)."""

    def __init__(self, head, vids):
        self.h = head
        self.vids = np.asarray(vids)
        self.vt = head.v_template[self.vids]
        self.ed = head.exprdirs[self.vids]
        self.pd = head.posedirs[self.vids]
        self.w = head.weights[self.vids]
        self.J0 = head.J_regressor @ head.v_template                          # [J, 3]
        self.JE = np.einsum("jv,vce->jce", head.J_regressor, head.exprdirs)   # [J, 3, E]

    def vertices(self, expr, jaw_x):
        T, V = expr.shape[0], self.vids.size
        pose = np.zeros((T, 5, 3))
        pose[:, 2, 0] = jaw_x
        v = self.vt[None] + (expr @ self.ed.reshape(V * 3, -1).T).reshape(T, V, 3)
        J = self.J0[None] + (expr @ self.JE.reshape(15, -1).T).reshape(T, 5, 3)
        rot = rodrigues(pose)                                                  # [T, 5, 3, 3]
        feat = (rot[:, 1:] - np.eye(3)).reshape(T, -1)
        v = v + (feat @ self.pd.reshape(V * 3, -1).T).reshape(T, V, 3)
        world = []
        for j, parent in enumerate(self.h.parents):
            local = np.zeros((T, 4, 4))
            local[:, :3, :3] = rot[:, j]
            local[:, :3, 3] = J[:, j] - (J[:, parent] if parent >= 0 else 0.0)
            local[:, 3, 3] = 1.0
            world.append(local if parent < 0 else world[parent] @ local)
        skin = np.stack(world, 1)                                              # [T, J, 4, 4]
        skin[:, :, :3, 3] -= (skin[:, :, :3, :3] @ J[..., None])[..., 0]
        blended = np.matmul(self.w[None], skin.reshape(T, 5, 16)).reshape(T, V, 4, 4)
        return (blended[..., :3, :3] @ v[..., None])[..., 0] + blended[..., :3, 3]


def vertex_sets(head):
    part_of_face = head_parts(head)
    skin = np.zeros(head.v_template.shape[0], bool)
    skin[np.unique(head.faces[part_of_face == 0])] = True
    lm = head.landmarks(head.v_template)
    lips = lm[48:68]
    d = np.linalg.norm(head.v_template[:, None] - lips[None], axis=2).min(1)
    lip = np.nonzero(skin & (d < 0.006))[0]
    upper = np.nonzero(skin & (head.v_template[:, 1] > lm[29, 1]) & (head.v_template[:, 2] > lm[0, 2]))[0]
    return lip, upper


def head_parts(head):
    d = np.load(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                             "assets", "openhead.npz"))
    return d["face_part"]


class Scorer:
    def __init__(self, head):
        lip, upper = vertex_sets(head)
        self.lip, self.upper = LipRig(head, lip), LipRig(head, upper)
        self.n_lip, self.n_upper = len(lip), len(upper)
        self.rest = self.upper.vertices(np.zeros((1, 43)), np.zeros(1))

    def _teacher(self, gt):
        key = (gt.shape, float(gt.sum()), float(gt[0].sum()))
        if getattr(self, "_key", None) != key:
            g = gt.astype(np.float64)
            self._key = key
            self._gl = self.lip.vertices(g[:, :43], g[:, 43] / JAW_SCALE)
            self._dyn_g = np.linalg.norm(self.upper.vertices(g[:, :43], g[:, 43] / JAW_SCALE) - self.rest, axis=2)
        return self._gl, self._dyn_g

    def utterance(self, pred, gt):
        f = min(pred.shape[0], gt.shape[0])
        p, g = pred[:f].astype(np.float64), gt[:f].astype(np.float64)
        gl, dg = self._teacher(gt[:f])
        pl = self.lip.vertices(p[:, :43], p[:, 43] / JAW_SCALE)
        lve = np.linalg.norm(pl - gl, axis=2).max(1)                       # [F] metres
        pu = self.upper.vertices(p[:, :43], p[:, 43] / JAW_SCALE)
        dyn_p = np.linalg.norm(pu - self.rest, axis=2).std(0)
        dyn_g = dg.std(0)
        return {"lve_sum": float(lve.sum()) * 1000, "frames": f,
                "fdd": float(np.abs(dyn_p - dyn_g).mean()) * 1000,
                "expr_abs": float(np.abs(p[:, :43] - g[:, :43]).sum()),
                "jaw_abs_deg": float(np.degrees(np.abs(p[:, 43] - g[:, 43]) / JAW_SCALE).sum())}


def summarise(rows):
    fr = sum(r["frames"] for r in rows)
    return {"lve_mm": round(sum(r["lve_sum"] for r in rows) / fr, 3),
            "fdd_mm": round(float(np.mean([r["fdd"] for r in rows])), 4),
            "expression_mae": round(sum(r["expr_abs"] for r in rows) / (fr * 43), 4),
            "jaw_mae_deg": round(sum(r["jaw_abs_deg"] for r in rows) / fr, 3), "frames": fr}


def style_error(preds, gts):
    p = np.concatenate([x[:min(len(x), len(y))] for x, y in zip(preds, gts)])
    g = np.concatenate([y[:min(len(x), len(y))] for x, y in zip(preds, gts)])
    return float(np.mean(np.abs(p.mean(0) - g.mean(0))) + np.mean(np.abs(p.std(0) - g.std(0))))


def split_reference(held, sid, seconds=10.0, test_count=8):
    idx = [i for i, s in enumerate(held["speaker"]) if s == sid]
    ref, total = [], 0
    for i in idx:
        if total >= seconds * 30:
            break
        ref.append(i)
        total += held["target"][i].shape[0]
    return ref, idx[len(ref):len(ref) + test_count], total / 30.0
