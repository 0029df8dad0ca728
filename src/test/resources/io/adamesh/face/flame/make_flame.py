"""Writes synthetic FLAME files with FLAME 2020's exact structure, and a numpy reference of FLAME's
forward pass, for FlameLoaderTest. Needs numpy, scipy and a `chumpy` package on PYTHONPATH (the test
writes a stand-in whose chumpy.ch.Ch keeps its value in `x`, as real chumpy does).

usage: make_flame.py OUT_DIR
  OUT_DIR/flame_p2.pkl          pickled by Python 3, protocol 2 (bytes as _codecs.encode)
  OUT_DIR/flame_py2.pkl         as Python 2 writes it: byte strings as BINSTRING, copy_reg, scipy.sparse.csc
  OUT_DIR/flame_static_embedding.pkl   51 static landmarks, Python 2 style
  OUT_DIR/deca/landmark_embedding.npy  DECA's dict as a pickled object array (68 full landmarks)
  OUT_DIR/reference.npz         parameters and vertices from the numpy forward pass
"""
import os
import pickle
import struct
import sys

import numpy as np
import scipy.sparse as sp
from chumpy.ch import Ch

out = sys.argv[1]
rng = np.random.default_rng(2020)
V, F, S, E, J = 5023, 9976, 300, 100, 5

v_template = rng.normal(0.0, 0.05, (V, 3))
f = rng.integers(0, V, (F, 3)).astype(np.uint32)
shapedirs = rng.normal(0.0, 1e-3, (V, 3, S + E))
posedirs = np.asfortranarray(rng.normal(0.0, 1e-3, (V, 3, 9 * (J - 1))))  # exercises Fortran order
rows, cols, vals = [], [], []
for j in range(J):
    idx = rng.choice(V, 12, replace=False)
    w = rng.random(12)
    rows += [j] * 12
    cols += list(idx)
    vals += list(w / w.sum())
J_regressor = sp.csc_matrix((vals, (rows, cols)), shape=(J, V))
weights = rng.random((V, J)) ** 3
weights /= weights.sum(axis=1, keepdims=True)
kintree_table = np.array([[4294967295, 0, 1, 1, 1], [0, 1, 2, 3, 4]], dtype=np.int64)
model = {
    'J_regressor': J_regressor, 'weights': weights, 'posedirs': posedirs, 'v_template': v_template,
    'shapedirs': Ch(shapedirs), 'f': f, 'kintree_table': kintree_table,
    'J': np.asarray(J_regressor @ v_template), 'bs_style': 'lbs', 'bs_type': 'lrotmin',
}


class Py2Pickler(pickle._Pickler):
    """Python 3's pure-Python pickler made to write what Python 2's pickler writes at protocol 2:
    str and bytes as byte strings (BINSTRING), Python 2 module names (fix_imports does copy_reg and
    __builtin__; scipy's module is renamed here)."""
    dispatch = pickle._Pickler.dispatch.copy()
    RENAMED = {'scipy.sparse._csc': 'scipy.sparse.csc', 'scipy.sparse._csr': 'scipy.sparse.csr'}

    def _byte_string(self, b):
        if len(b) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(b)]) + b)
        else:
            self.write(pickle.BINSTRING + struct.pack('<i', len(b)) + b)

    def save_py2_bytes(self, obj):
        self._byte_string(obj)
        self.memoize(obj)

    def save_py2_str(self, obj):
        try:
            b = obj.encode('ascii')
        except UnicodeEncodeError:
            return pickle._Pickler.save_str(self, obj)
        self._byte_string(b)  # not memoized: Python 2 interns short strings the same way
        return None

    dispatch[bytes] = save_py2_bytes
    dispatch[str] = save_py2_str

    def save_global(self, obj, name=None):
        module = getattr(obj, '__module__', None)
        if module in self.RENAMED:
            self.write(pickle.GLOBAL + self.RENAMED[module].encode() + b'\n' + obj.__name__.encode() + b'\n')
            self.memoize(obj)
            return
        super().save_global(obj, name)


def dump_py2(obj, path):
    with open(path, 'wb') as fh:
        Py2Pickler(fh, protocol=2).dump(obj)
    data = open(path, 'rb').read()
    assert b'_codecs' not in data, 'py2 emulation must not use _codecs.encode'
    # Python 3 reads it as it reads FLAME 2020's file.
    with open(path, 'rb') as fh:
        return pickle.load(fh, encoding='latin1')


with open(os.path.join(out, 'flame_p2.pkl'), 'wb') as fh:
    pickle.dump(model, fh, protocol=2)
back = dump_py2(model, os.path.join(out, 'flame_py2.pkl'))
assert b'scipy.sparse.csc\n' in open(os.path.join(out, 'flame_py2.pkl'), 'rb').read()
assert np.array_equal(back['shapedirs'].x, shapedirs) and np.array_equal(back['posedirs'], posedirs)
assert np.array_equal(back['J_regressor'].toarray(), J_regressor.toarray()) and back['f'].dtype == np.uint32

lmk51 = rng.integers(0, F, 51).astype(np.int64)
bary51 = rng.random((51, 3))
bary51 /= bary51.sum(axis=1, keepdims=True)
dump_py2({'lmk_face_idx': lmk51, 'lmk_b_coords': bary51}, os.path.join(out, 'flame_static_embedding.pkl'))
np.savez(os.path.join(out, 'landmarks51.npz'), faces=lmk51, bary=bary51)
os.makedirs(os.path.join(out, 'deca'), exist_ok=True)
lmk68 = rng.integers(0, F, (1, 68)).astype(np.int64)
bary68 = rng.random((1, 68, 3))
bary68 /= bary68.sum(axis=2, keepdims=True)
np.save(os.path.join(out, 'deca', 'landmark_embedding.npy'), {
    'static_lmk_faces_idx': lmk51[None], 'static_lmk_bary_coords': bary51[None],
    'dynamic_lmk_faces_idx': rng.integers(0, F, (79, 17)), 'dynamic_lmk_bary_coords': rng.random((79, 17, 3)),
    'full_lmk_faces_idx': lmk68, 'full_lmk_bary_coords': bary68}, allow_pickle=True)
np.savez(os.path.join(out, 'deca', 'landmarks68.npz'), faces=lmk68[0], bary=bary68[0])


def rodrigues(r):
    theta = np.linalg.norm(r)
    if theta < 1e-12:
        return np.eye(3)
    k = r / theta
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + np.sin(theta) * K + (1 - np.cos(theta)) * K @ K


def flame_forward(shape, exp, pose, transl):
    """FLAME's forward pass (lbs with pose correctives) in float64."""
    v_shaped = v_template + shapedirs @ np.concatenate([shape, exp])
    joints = J_regressor.toarray() @ v_shaped
    R = np.stack([rodrigues(p) for p in pose.reshape(J, 3)])
    v_posed = v_shaped + posedirs.reshape(V * 3, -1).dot((R[1:] - np.eye(3)).ravel()).reshape(V, 3)
    parents = [-1, 0, 1, 1, 1]
    G = np.zeros((J, 4, 4))
    for j in range(J):
        local = np.eye(4)
        local[:3, :3] = R[j]
        local[:3, 3] = joints[j] - (joints[parents[j]] if j > 0 else 0)
        G[j] = local if j == 0 else G[parents[j]] @ local
    A = G.copy()
    for j in range(J):
        A[j, :3, 3] -= G[j, :3, :3] @ joints[j]
    T = np.einsum('vj,jab->vab', weights, A)
    return np.einsum('vab,vb->va', T[:, :3, :3], v_posed) + T[:, :3, 3] + transl


n = 3
shapes = rng.normal(0, 1, (n, S))
exps = rng.normal(0, 1, (n, E))
poses = rng.normal(0, 0.25, (n, J * 3))
transls = rng.normal(0, 0.01, (n, 3))
verts = np.stack([flame_forward(shapes[i], exps[i], poses[i], transls[i]) for i in range(n)])
np.savez(os.path.join(out, 'reference.npz'), shape=shapes, exp=exps, pose=poses, transl=transls, verts=verts,
         J_regressor=J_regressor.toarray(), f=f.astype(np.int64))
print('ok')
