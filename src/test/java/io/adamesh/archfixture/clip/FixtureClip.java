package io.adamesh.archfixture.clip;

public class FixtureClip {
    public int frames() { return 1; }
}
