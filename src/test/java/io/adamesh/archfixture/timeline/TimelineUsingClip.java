package io.adamesh.archfixture.timeline;

import io.adamesh.archfixture.clip.FixtureClip;

/** Allowed: timeline may use clip. */
public class TimelineUsingClip {
    public int frames(FixtureClip clip) { return clip.frames(); }
}
