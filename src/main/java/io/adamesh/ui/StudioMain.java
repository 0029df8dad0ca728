package io.adamesh.ui;

/** A direct entry point to the studio (the product's entry point is {@code io.adamesh.Main}). */
public final class StudioMain {
    private StudioMain() {}

    public static void main(String[] args) {
        StudioLauncher.launch(args);
    }
}
