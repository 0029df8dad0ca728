"""Head-pose generation (AdaMesh section 7): VQ pose prior, PoseGPT, semantic-aware pose style matrix.

    python3 -m adamesh_training.pose.cli features --corpus DIR --out CACHE.npz
    python3 -m adamesh_training.pose.cli vq|gpt|style|export|eval|clip ...   (see cli.py)
"""
