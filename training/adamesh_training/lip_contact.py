"""Rig-level lip contact (issue 13): the inner-lip gap of OpenHead as a differentiable function of the
network's 44 outputs, and a training loss on it.

The closure metric of real_voice_eval and the corpus tests is the *inner-lip gap in millimetres* of the
posed mesh (mean distance of the facing inner-lip landmarks 61/67, 62/66, 63/65), while the base losses
are on coefficients. Small coefficient errors can leave the lips a few millimetres apart, which the
coefficient loss barely sees; this loss measures the gap itself.

``TorchLipGap`` follows FLAME's equations exactly as ``evaluate_expression.LipRig`` does (expression
blend shapes, joints regressed from the shaped mesh, pose correctives from ``R - I``, linear blend
skinning along the kinematic tree) on the 18 vertices of the six landmark triangles only, with the one
pose the network drives (jaw rotation about x, ``output[43] / JAW_SCALE``). Everything is linear in
the expression weights except the jaw rotation, so gradients reach every output channel.

``lip_contact_loss`` compares the predicted gap with the teacher's gap (computed from the target by the
same rig): L1 in mm, ``closed_weight`` times heavier on frames where the teacher's lips are closed
(gap under 1 mm), plus a hinge that punishes a predicted gap under ``open_hinge_mm`` where the teacher
is clearly open (a false closure).
"""

import numpy as np
import torch

from .expression_model import JAW_SCALE
from .head import INNER_LIP_PAIRS

CLOSED_MM = 1.0          # the closure threshold of real_voice_eval and the corpus tests
OPEN_MM = 3.0            # teacher gap above which a predicted closure is a false closure
EXPRESSIONS = 43


class TorchLipGap(torch.nn.Module):
    """Inner-lip gap in metres [...] of network outputs [..., 44] (43 expression weights, jaw x * 10).

    ``clamp``: expression weights clamped to [0, 1] and the jaw to >= 0, as expression.onnx and the
    evaluation do, with straight-through gradients (the clamp does not stop the loss from pulling a
    weight back into range).
    """

    def __init__(self, head, clamp=True):
        super().__init__()
        lms = sorted({i for pair in INNER_LIP_PAIRS for i in pair})
        tri = head.faces[head.lmk_faces[lms]]                              # [6, 3]
        vids = np.unique(tri)
        pos = {v: k for k, v in enumerate(vids)}
        w = np.zeros((len(lms), vids.size))
        for r, (t, b) in enumerate(zip(tri, head.lmk_bary[lms])):
            for v, bb in zip(t, b):
                w[r, pos[v]] += bb
        row = {lm: r for r, lm in enumerate(lms)}
        V = vids.size
        f = torch.float32

        def buf(name, x):
            self.register_buffer(name, torch.as_tensor(np.ascontiguousarray(x), dtype=f))
        buf("vt", head.v_template[vids])                                           # [V, 3]
        buf("ed", head.exprdirs[vids].reshape(V * 3, -1).T)                        # [E, V*3]
        buf("pd", head.posedirs[vids].reshape(V * 3, -1).T)                        # [36, V*3]
        buf("skin_w", head.weights[vids])                                          # [V, J]
        buf("J0", head.J_regressor @ head.v_template)                              # [J, 3]
        buf("JE", np.einsum("jv,vce->jce", head.J_regressor, head.exprdirs).reshape(-1, EXPRESSIONS).T)  # [E, J*3]
        buf("lm_w", w)                                                             # [6, V]
        self.upper = [row[a] for a, _ in INNER_LIP_PAIRS]
        self.lower = [row[b] for _, b in INNER_LIP_PAIRS]
        self.parents = list(head.parents)
        self.jaw = head.joint_names.index("jaw") if "jaw" in head.joint_names else 2
        self.clamp = clamp

    def forward(self, out):
        expr, jaw = out[..., :EXPRESSIONS], out[..., EXPRESSIONS] / JAW_SCALE
        if self.clamp:
            expr = expr + (expr.clamp(0.0, 1.0) - expr).detach()
            jaw = jaw + (jaw.clamp(min=0.0) - jaw).detach()
        lead = expr.shape[:-1]
        expr = expr.reshape(-1, EXPRESSIONS)
        jaw = jaw.reshape(-1)
        N, V, J = expr.shape[0], self.vt.shape[0], self.J0.shape[0]
        v = self.vt + (expr @ self.ed).reshape(N, V, 3)
        joints = self.J0 + (expr @ self.JE).reshape(N, J, 3)
        c, s = torch.cos(jaw), torch.sin(jaw)
        one, zero = torch.ones_like(c), torch.zeros_like(c)
        eye = torch.eye(3, dtype=v.dtype, device=v.device).expand(N, 3, 3)
        r_jaw = torch.stack([one, zero, zero, zero, c, -s, zero, s, c], -1).reshape(N, 3, 3)
        rot = [eye] * J
        rot[self.jaw] = r_jaw
        feat = torch.cat([(rot[j] - eye).reshape(N, 9) for j in range(1, J)], 1)   # [N, 36]
        v = v + (feat @ self.pd).reshape(N, V, 3)
        world_r, world_t = [], []                   # rigid transforms (R, t) along the tree
        for j, parent in enumerate(self.parents):
            t_local = joints[:, j] - (joints[:, parent] if parent >= 0 else 0.0)
            if parent < 0:
                world_r.append(rot[j])
                world_t.append(t_local)
            else:
                world_r.append(world_r[parent] @ rot[j])
                world_t.append((world_r[parent] @ t_local[..., None])[..., 0] + world_t[parent])
        R = torch.stack(world_r, 1)                                                # [N, J, 3, 3]
        t = torch.stack(world_t, 1) - (R @ joints[..., None])[..., 0]              # [N, J, 3]
        Rb = torch.einsum("vj,njab->nvab", self.skin_w, R)
        tb = torch.einsum("vj,nja->nva", self.skin_w, t)
        posed = (Rb @ v[..., None])[..., 0] + tb                                   # [N, V, 3]
        lm = torch.einsum("lv,nvc->nlc", self.lm_w, posed)                         # [N, 6, 3]
        gap = (lm[:, self.upper] - lm[:, self.lower]).norm(dim=-1).mean(-1)
        return gap.reshape(lead)


def lip_contact_loss(gapper, pred, tgt, closed_weight=5.0, open_hinge_mm=1.5):
    """(loss, stats) of predicted against teacher inner-lip gap, both [B, F, 44] network outputs.

    loss = mean over frames of ``w * |gap_pred - gap_teacher|`` (mm; ``w = closed_weight`` where the
    teacher's gap is under 1 mm, else 1) + mean of ``relu(open_hinge_mm - gap_pred)`` over frames where
    the teacher's gap is over 3 mm (predicted contact where the teacher is open: a false closure).
    """
    n = min(pred.shape[1], tgt.shape[1])
    gp = gapper(pred[:, :n]) * 1000.0
    with torch.no_grad():
        gt = gapper(tgt[:, :n]) * 1000.0
    closed = (gt < CLOSED_MM).float()
    opened = (gt > OPEN_MM).float()
    w = 1.0 + (closed_weight - 1.0) * closed
    l1 = (w * (gp - gt).abs()).mean()
    hinge = (opened * torch.relu(open_hinge_mm - gp)).mean()
    with torch.no_grad():
        stats = {"gap_l1_mm": float((gp - gt).abs().mean()),
                 "closed_frames": float(closed.mean()),
                 "closed_reached": float(((gp < CLOSED_MM).float() * closed).sum() / closed.sum().clamp(min=1)),
                 "false_contact": float(((gp < CLOSED_MM).float() * opened).sum() / opened.sum().clamp(min=1))}
    return l1 + hinge, stats
