"""OpenHead (or any FLAME-structured ``.npz``) evaluated in numpy, to measure what the teacher does.

Implements FLAME's equations as documented in docs/head-model.md: expression blend shapes, joints
regressed from the shaped mesh, pose correctives from ``R - I`` of the non-root joints, and linear
blend skinning along the kinematic tree. Used by tests (lip gap on bilabials) and by clip export.
"""

import os

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_HEAD = os.path.join(REPO, "assets", "openhead.npz")
JOINTS = ("root", "neck", "jaw", "eye_left", "eye_right")
# iBUG 68-point inner-lip landmarks facing each other (0-based): upper 61, 62, 63 / lower 67, 66, 65.
INNER_LIP_PAIRS = ((61, 67), (62, 66), (63, 65))


def rodrigues(axis_angle):
    """Rotation matrices [..., 3, 3] from axis-angle vectors [..., 3]."""
    r = np.asarray(axis_angle, dtype=np.float64)
    theta = np.linalg.norm(r, axis=-1, keepdims=True)
    k = r / np.maximum(theta, 1e-12)
    kx, ky, kz = k[..., 0], k[..., 1], k[..., 2]
    zero = np.zeros_like(kx)
    kmat = np.stack([zero, -kz, ky, kz, zero, -kx, -ky, kx, zero], axis=-1).reshape(r.shape[:-1] + (3, 3))
    s = np.sin(theta)[..., None]
    c = np.cos(theta)[..., None]
    eye = np.broadcast_to(np.eye(3), kmat.shape)
    return eye + s * kmat + (1.0 - c) * (kmat @ kmat)


class Head:
    def __init__(self, path=DEFAULT_HEAD):
        d = np.load(path)
        self.expression_names = [str(x) for x in d["expression_names"]]
        self.shape_count = int(d["shapedirs"].shape[2] - len(self.expression_names))
        self.v_template = d["v_template"].astype(np.float64)
        self.exprdirs = d["shapedirs"][:, :, self.shape_count:].astype(np.float64)
        self.posedirs = d["posedirs"].astype(np.float64)
        self.J_regressor = d["J_regressor"].astype(np.float64)
        self.weights = d["weights"].astype(np.float64)
        self.parents = [int(p) if int(p) < len(JOINTS) else -1 for p in d["kintree_table"][0]]
        self.joint_names = [str(x) for x in d["joint_names"]]
        self.faces = d["f"]
        self.lmk_faces = d["lmk_faces_idx"]
        self.lmk_bary = d["lmk_b_coords"].astype(np.float64)
        self.model_id = str(d["model_id"][0])

    def vertices(self, expression, pose):
        """Posed vertices [V, 3] for expression weights [E] and pose [J, 3] (axis-angle, radians)."""
        v = self.v_template + self.exprdirs @ np.asarray(expression, dtype=np.float64)
        joints = self.J_regressor @ v
        rot = rodrigues(np.asarray(pose, dtype=np.float64).reshape(-1, 3))
        feature = (rot[1:] - np.eye(3)).reshape(-1)
        v = v + self.posedirs @ feature
        world = []
        for j, parent in enumerate(self.parents):
            local = np.eye(4)
            local[:3, :3] = rot[j]
            local[:3, 3] = joints[j] - (joints[parent] if parent >= 0 else 0.0)
            world.append(local if parent < 0 else world[parent] @ local)
        skin = []
        for j, g in enumerate(world):
            g = g.copy()
            g[:3, 3] -= g[:3, :3] @ joints[j]
            skin.append(g)
        skin = np.stack(skin)                                   # [J, 4, 4]
        blended = np.einsum("vj,jab->vab", self.weights, skin)  # [V, 4, 4]
        return np.einsum("vab,vb->va", blended[:, :3, :3], v) + blended[:, :3, 3]

    def landmarks(self, vertices):
        tri = vertices[self.faces[self.lmk_faces]]              # [68, 3, 3]
        return np.einsum("lk,lkc->lc", self.lmk_bary, tri)

    def lip_gap(self, expression, pose):
        """Mean distance (metres) between facing inner-lip landmarks: ~0 when the lips touch."""
        lm = self.landmarks(self.vertices(expression, pose))
        return float(np.mean([np.linalg.norm(lm[a] - lm[b]) for a, b in INNER_LIP_PAIRS]))
