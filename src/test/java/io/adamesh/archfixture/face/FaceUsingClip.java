package io.adamesh.archfixture.face;

import io.adamesh.archfixture.clip.FixtureClip;

/** Breaks "face uses nothing of ours". */
public class FaceUsingClip {
    public int frames(FixtureClip clip) { return clip.frames(); }
}
