package io.adamesh.archfixture.ui;

public class FixtureView {
    public static void show() { }
}
