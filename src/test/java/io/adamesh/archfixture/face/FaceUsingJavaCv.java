package io.adamesh.archfixture.face;

/** Breaks "only audio and track import JavaCV". */
public class FaceUsingJavaCv {
    public Object frame() { return new org.bytedeco.javacv.Frame(); }
}
